import type { XloadError } from '../../errors.js';
import type { ConnectionHandlers, Frame, XmppTransport } from '../../xmpp/index.js';
import { accountStamped } from './inbound.js';
import { completePending } from './pending.js';
import { afterLeaveGrace } from './leave-grace.js';
import { countIo, newIoMark, type IoMark } from './io-count.js';
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
  /** What was counted by the user before the hand-over. */
  private readonly mark: IoMark;

  constructor(
    private readonly u: VmUser,
    private readonly conn: XmppTransport,
  ) {
    this.mark = newIoMark(conn);
  }

  onConnected(): void {}

  onStreamOpen(): void {}

  onFrame(f: Frame): void {
    if (f.name === 'message' && f.raw.includes('xload1 ')) accountStamped(this.u, f.raw);
  }

  onClose(_err: XloadError | null): void {
    const u = this.u;
    countIo(u.host.stats, this.conn, this.mark);
    u.drainEnded();
    if (u.pending?.mode === 'closing') completePending(u, null);
    if (u.ended && u.closing === 0) u.host.userReleased(u);
  }
}

/** Hands `conn` over to draining and sends the stream close (RFC 6120 §4.4). */
export function closeGracefully(u: VmUser, conn: XmppTransport): void {
  u.flushIo(conn);
  conn.handlers = new Draining(u, conn);
  u.drainStarted();
  afterLeaveGrace(u, () => conn.close());
}
