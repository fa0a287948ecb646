/** Accounts for the story tests: user n of the servers' user1..user2000. */
import type { UserSpec } from '../../src/story/index.js';
import { password, username } from './servers.js';

export function acct(n: number, resources = 1): UserSpec {
  return { username: username(n), password: password(n), resources };
}
