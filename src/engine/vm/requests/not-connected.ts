import { NotConnectedError } from '../errors.js';
import type { VmUser } from '../user-api.js';
import { Sent } from './sent.js';
import { failed } from '../user-api.js';

/** A request that needs a stream, on a user without one: ends the user with `not_connected`. */
export function notConnected(u: VmUser, type: string): Sent {
  u.end(failed(new NotConnectedError(type)));
  return Sent.Skipped;
}
