/**
 * The outcome of a stream resumption (XEP-0198 §5) for our outbound stanzas, called by
 * the reconnect flow. `<resumed h/>`: the server says how many of our stanzas it handled;
 * every later one is retransmitted on the new connection before anything new is written
 * (counted `sm_replayed`). A stamped chat retransmitted is the same message: its sequence
 * number is unchanged, so it is not sent twice in the counters, and if the server had in
 * fact delivered it the receiver's ledger counts the copy as duplicated.
 * `<failed/>`: nothing can be retransmitted into the old session; the stanzas the server
 * never confirmed are counted `sm_unacked_lost`, the stamped chats among them
 * `messages_lost_sm_failed` (the ledger then counts them lost unless they were delivered).
 * The same when the user gives up reconnecting or ends before it reconnected (a stop, an
 * abort: user.ts), so sm_unacked_at_drop is always accounted.
 */
import type { XmppTransport } from '../../../xmpp/index.js';
import { STAMP_MARK } from '../stamp.js';
import type { VmUser } from '../user-api.js';
import { smAcked, smForget, smOf, smStart } from './sm-state.js';
import { COUNTER } from '../../../stats/metric-names.js';

/** `<resumed h/>` on `conn`: drop what the server has, replay the rest in order. */
export function smResumed(u: VmUser, conn: XmppTransport, h: number): void {
  const old = smOf(u);
  if (!old) return;
  smAcked(old, Number.isFinite(h) ? h : old.acked);
  const replay = old.unacked;
  // Continue the old stream's counts on the new connection from where the server is.
  const s = smStart(u, conn, old.id);
  s.h = old.h;
  s.acked = old.acked;
  s.sent = old.acked;
  for (const stanza of replay) conn.send(stanza);
  if (replay.length > 0) u.host.stats.count(COUNTER.smReplayed, replay.length);
}

/** `<failed h?/>` answering `<resume/>` (§5, h optional since v1.6): the old stream is gone. */
export function smResumeFailed(u: VmUser, h: number | undefined): void {
  u.host.stats.count(COUNTER.smResumeFailed);
  smLost(u, h);
}

/**
 * The user gave up reconnecting (max_retries) or ended while reconnecting: the old stream's
 * unacked stanzas will never be retransmitted either, so they count as after a failed
 * resumption (without sm_resume_failed: no resumption was answered).
 */
export function smAbandoned(u: VmUser): void {
  smLost(u, undefined);
}

function smLost(u: VmUser, h: number | undefined): void {
  const s = smOf(u);
  smForget(u);
  if (!s) return;
  if (h !== undefined) smAcked(s, h);
  if (s.unacked.length === 0) return;
  u.host.stats.count(COUNTER.smUnackedLost, s.unacked.length);
  let stamped = 0;
  for (const stanza of s.unacked) if (stanza.includes(STAMP_MARK)) stamped++;
  if (stamped > 0) u.host.stats.count(COUNTER.messagesLostSmFailed, stamped);
}
