import type { XmppTransport } from '../../xmpp/index.js';
import type { ShardRecorder } from '../../stats/recorder.js';
import { COUNTER } from '../../stats/metric-names.js';

/**
 * How far a connection's byte and stanza totals have been counted into stats. A connection's
 * counters only grow; the shard counts the growth since the mark, in batches (at each
 * interval, at a hand-over, at the close), so the hot path never touches the recorder.
 */
export interface IoMark {
  bytesIn: number;
  bytesOut: number;
  stanzasIn: number;
  stanzasOut: number;
}

export function newIoMark(conn?: XmppTransport): IoMark {
  return conn
    ? { bytesIn: conn.bytesIn, bytesOut: conn.bytesOut, stanzasIn: conn.stanzasIn, stanzasOut: conn.stanzasOut }
    : { bytesIn: 0, bytesOut: 0, stanzasIn: 0, stanzasOut: 0 };
}

/** Counts what `conn` carried since `mark` and moves the mark to its current totals. */
export function countIo(stats: ShardRecorder, conn: XmppTransport, mark: IoMark): void {
  if (conn.bytesIn > mark.bytesIn) stats.count(COUNTER.bytesReceived, conn.bytesIn - mark.bytesIn);
  if (conn.bytesOut > mark.bytesOut) stats.count(COUNTER.bytesSent, conn.bytesOut - mark.bytesOut);
  if (conn.stanzasIn > mark.stanzasIn) stats.count(COUNTER.stanzasReceived, conn.stanzasIn - mark.stanzasIn);
  if (conn.stanzasOut > mark.stanzasOut) stats.count(COUNTER.stanzasSent, conn.stanzasOut - mark.stanzasOut);
  mark.bytesIn = conn.bytesIn;
  mark.bytesOut = conn.bytesOut;
  mark.stanzasIn = conn.stanzasIn;
  mark.stanzasOut = conn.stanzasOut;
}
