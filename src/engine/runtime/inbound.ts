import { parseFeatures, type Frame, iqResult } from '../../xmpp/index.js';
import { findStamp } from './stamp.js';
import type { User } from './user.js';

/**
 * What every user does with inbound stanzas whatever it is waiting for: remember the
 * stream features, account for stamped messages, and answer the server's pings
 * (XEP-0199 §4.2: a client that does not answer may be disconnected).
 */
export function handleUnsolicited(u: User, f: Frame): void {
  switch (f.name) {
    case 'message':
      if (f.raw.includes('xload1 ')) accountStamped(u, f.raw);
      return;
    case 'stream:features':
      u.features = parseFeatures(f);
      return;
    case 'iq':
      if (f.attrs.type === 'get' && f.raw.includes('urn:xmpp:ping') && u.conn) {
        u.conn.send(iqResult(f.attrs.id ?? '', f.attrs.from));
      }
      return;
    default:
      return;
  }
}

function accountStamped(u: User, raw: string): void {
  const stamp = findStamp(raw);
  if (!stamp) return;
  const stats = u.host.stats;
  if (stamp.run !== u.host.runId) {
    // Stored offline by an earlier run and delivered at this login: not ours to count.
    stats.count('messages_foreign');
    return;
  }
  if (u.host.shared.ledger.markReceived(stamp.seq)) {
    stats.count('messages_delivered');
    stats.record('xmpp_msg_latency', u.host.now() - stamp.sentAt);
  } else {
    stats.count('messages_duplicated');
  }
}
