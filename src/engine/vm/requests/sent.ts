import type { JabberRequest } from '../../../scenario/plan.js';
import type { Pending } from '../pending.js';
import type { User } from '../user.js';

/** What a request handler did. */
export enum Sent {
  /** Nothing was sent (e.g. no online user to write to); the error is already counted. */
  Skipped = 0,
  /** Sent; the request has no natural reply (presence, chat, raw). */
  NoReply = 1,
  /** Sent; `p.matcher` recognises its reply (iq result by id, SASL success, ...). */
  AwaitReply = 2,
  /** The user must block whatever the ack mode (socket connect, STARTTLS upgrade). */
  MustWait = 3,
}

/** Builds and sends one request type; sets up `p` for its reply. */
export type RequestHandler = (u: User, req: JabberRequest, p: Pending) => Sent;
