import type { XloadError } from '../../errors.js';
import type { ConnectionHandlers, Frame, XmppTransport } from '../../xmpp/index.js';
import { accountStamped } from './inbound.js';
import { completePending } from './pending.js';
import { afterLeaveGrace } from './leave-grace.js';
import { COUNTER } from '../../stats/metric-names.js';
import type { VmUser } from './user-api.js';

/**
 * A connection its user has closed (`</stream:stream>` sent) but the server has not yet:
 * stamped messages still on their way are accounted for, nothing is sent on it any more,
 * and its user's id stays taken until the socket is gone, so the next user with that id
 * cannot log in while the server still holds the old session (ejabberd would answer the
 * newcomer, or the leaver, with a resource conflict).
 *
 * What the connection carries from here on (the leave grace's unavailable presence and
 * `</stream>`, chats still arriving) is counted when it closes, against what was already
 * counted at the hand-over: the user may have a new connection by then, so the user's own
 * running totals cannot be used.
 */
class Draining implements ConnectionHandlers {
  private readonly bytesIn: number;
  private readonly bytesOut: number;
  private readonly stanzasIn: number;
  private readonly stanzasOut: number;

  constructor(
    private readonly u: VmUser,
    private readonly conn: XmppTransport,
  ) {
    this.bytesIn = conn.bytesIn;
    this.bytesOut = conn.bytesOut;
    this.stanzasIn = conn.stanzasIn;
    this.stanzasOut = conn.stanzasOut;
  }

  onConnected(): void {}

  onStreamOpen(): void {}

  onFrame(f: Frame): void {
    if (f.name === 'message' && f.raw.includes('xload1 ')) accountStamped(this.u, f.raw);
  }

  onClose(_err: XloadError | null): void {
    const u = this.u;
    this.countTail();
    u.drainEnded();
    if (u.pending?.mode === 'closing') completePending(u, null);
    if (u.ended && u.closing === 0) u.host.userReleased(u);
  }

  private countTail(): void {
    const s = this.u.host.stats;
    const c = this.conn;
    if (c.bytesIn > this.bytesIn) s.count(COUNTER.bytesReceived, c.bytesIn - this.bytesIn);
    if (c.bytesOut > this.bytesOut) s.count(COUNTER.bytesSent, c.bytesOut - this.bytesOut);
    if (c.stanzasIn > this.stanzasIn) s.count(COUNTER.stanzasReceived, c.stanzasIn - this.stanzasIn);
    if (c.stanzasOut > this.stanzasOut) s.count(COUNTER.stanzasSent, c.stanzasOut - this.stanzasOut);
  }
}

/** Hands `conn` over to draining and sends the stream close (RFC 6120 §4.4). */
export function closeGracefully(u: VmUser, conn: XmppTransport): void {
  u.flushIo(conn);
  conn.handlers = new Draining(u, conn);
  u.drainStarted();
  afterLeaveGrace(u, () => conn.close());
}
