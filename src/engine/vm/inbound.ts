import { parseElement, parseFeatures, presence, StanzaError, startTagAttrIs, type Frame, iqResult } from '../../xmpp/index.js';
import { readStamp, STAMP_MARK } from './stamp.js';
import { findGroupStamp, hasGroupStamp } from './requests/group-stamp.js';
import { roomsOf, trackOccupant } from './requests/muc-rooms.js';
import { smOf, smOnFrame } from './requests/sm-state.js';
import type { VmUser } from './user-api.js';
import { errorSample } from './error-sample.js';
import { onOwnPresence } from './join-confirm.js';
import { COUNTER, METRIC } from '../../stats/metric-names.js';

/**
 * What every user does with inbound stanzas whatever it is waiting for: remember the
 * stream features, account for stamped messages (one-to-one and one-to-many), keep MUC
 * occupant lists, answer the server's pings (XEP-0199 §4.2: a client that does not answer
 * may be disconnected), in `bidi` sessions accept subscription requests (Tsung's
 * parse_bidi), count stanza errors nobody waits for, and keep XEP-0198 counts.
 */
export function handleUnsolicited(u: VmUser, f: Frame): void {
  const sm = smOf(u);
  if (sm) smOnFrame(u, sm, f);
  switch (f.name) {
    case 'message':
      // An error bounce carries the original body, stamp included: never a delivery.
      // Read from the raw start tag: a delivered chat never needs its attributes decoded.
      if (startTagAttrIs(f.raw, 'type', 'error')) unsolicitedError(u, f);
      else if (f.raw.includes('<forwarded')) countForwarded(u, f.raw);
      else if (f.raw.includes(STAMP_MARK)) accountStamped(u, f.raw);
      else if (hasGroupStamp(f.raw)) accountGroup(u, f.raw);
      return;
    case 'presence':
      onPresence(u, f);
      return;
    case 'stream:features':
      u.setFeatures(parseFeatures(f));
      return;
    case 'iq':
      if (f.attrs.type === 'get' && f.raw.includes('urn:xmpp:ping') && u.conn) {
        u.conn.send(iqResult(f.attrs.id ?? '', f.attrs.from));
      } else if (f.attrs.type === 'error') {
        unsolicitedError(u, f);
      }
      return;
    default:
      return;
  }
}

function onPresence(u: VmUser, f: Frame): void {
  if (roomsOf(u)) trackOccupant(u, f);
  onOwnPresence(u, f);
  // RFC 6121 §3.1.3: a contact asks to see our presence; Tsung's bidi sessions approve.
  if (f.attrs.type === 'subscribe' && u.session.bidi && u.conn && f.attrs.from) {
    u.conn.send(presence({ to: f.attrs.from, type: 'subscribed' }));
    u.host.stats.count(COUNTER.subscriptionsApproved);
  } else if (f.attrs.type === 'error') {
    unsolicitedError(u, f);
  }
}

/**
 * A stanza error for a request that did not wait for its reply (ack="no_ack"): counted
 * as `stanza_error.<condition>` and the user goes on. One that a waiting request matches
 * is that request's failure instead, counted once by the user's fail().
 */
function unsolicitedError(u: VmUser, f: Frame): void {
  const p = u.pending;
  if (p && p.id !== null && f.attrs.id === p.id) return;
  if (p?.state && typeof p.state === 'string' && f.attrs.from?.startsWith(p.state)) return;
  let err: StanzaError;
  try {
    err = StanzaError.fromElement(parseElement(f.raw), f.raw);
  } catch {
    // the generic class: the error element itself was malformed
    err = new StanzaError('undefined-condition', undefined, undefined, f.raw);
  }
  // The request it answers ran earlier without waiting (no_ack): the user's last one is the best guess.
  u.host.stats.error(err.code, 1, () => errorSample(u, err, null, u.lastRequest));
}

/**
 * A copy of a message, not a delivery: a carbon (XEP-0280 §7) or an archive result
 * (XEP-0313 §4.2) wraps the original, stamp included, in `<forwarded/>` (XEP-0297).
 */
export function countForwarded(u: VmUser, raw: string): void {
  if (raw.includes('urn:xmpp:carbons:')) u.host.stats.count(COUNTER.carbonsReceived);
  else if (raw.includes('urn:xmpp:mam:')) u.host.stats.count(COUNTER.mamResultsReceived);
  else u.host.stats.count(COUNTER.forwardedReceived);
}

const DELAY_NS = 'urn:xmpp:delay';

/**
 * A one-to-one stamped chat received: delivered (first time, live or from offline
 * storage) or duplicated. Used by drain.ts too.
 */
export function accountStamped(u: VmUser, raw: string): void {
  const stamp = readStamp(raw, u.host.runId);
  if (!stamp) return;
  const stats = u.host.stats;
  if (!stamp.ours) {
    // Stored offline by an earlier run and delivered at this login: not ours to count.
    stats.count(COUNTER.messagesForeign);
    return;
  }
  if (!u.host.shared.ledger.markReceived(stamp.seq)) {
    // A copy of one already delivered (e.g. retransmitted after an SM resumption whose ack
    // was lost): neither a second delivery nor a second latency sample.
    stats.count(COUNTER.messagesDuplicated);
    return;
  }
  stats.count(COUNTER.messagesDelivered);
  // XEP-0203: the server marks what it stored and delivered later (offline storage, a
  // resent SM queue). Its age says how long the receiver was away, not how fast the
  // server is: a separate counter and histogram, never xmpp_msg_latency.
  if (raw.includes(DELAY_NS)) {
    stats.count(COUNTER.messagesDeliveredOffline);
    stats.record(METRIC.msgOfflineLatency, u.host.now() - stamp.sentAt);
  } else {
    stats.record(METRIC.msgLatency, u.host.now() - stamp.sentAt);
  }
}

/** A groupchat or pubsub event: one delivery to this receiver, with its latency. */
export function accountGroup(u: VmUser, raw: string): void {
  const stamp = findGroupStamp(raw);
  if (!stamp) return;
  const stats = u.host.stats;
  if (stamp.run !== u.host.runId) {
    stats.count(COUNTER.messagesForeign);
    return;
  }
  // Room history replays old messages with a delay (XEP-0203): not a delivery.
  if (raw.includes(DELAY_NS)) {
    stats.count(stamp.kind === 'm' ? COUNTER.mucHistoryReceived : COUNTER.pubsubReplayed);
    return;
  }
  const latency = u.host.now() - stamp.sentAt;
  if (stamp.kind === 'm') {
    stats.count(COUNTER.mucDeliveries);
    stats.record(METRIC.mucMsgLatency, latency);
  } else {
    stats.count(COUNTER.pubsubDeliveries);
    stats.record(METRIC.pubsubMsgLatency, latency);
  }
}
