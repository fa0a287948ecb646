import { NotConnectedError } from '../errors.js';
import type { User } from '../user.js';
import { Sent } from './sent.js';

/** A request that needs a stream, on a user without one: ends the user with `not_connected`. */
export function notConnected(u: User, type: string): Sent {
  u.fail(new NotConnectedError(type));
  return Sent.Skipped;
}
