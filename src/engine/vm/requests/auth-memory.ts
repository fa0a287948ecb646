/**
 * How a user last logged in (SASL mechanism, channel-binding type, STARTTLS), kept beside
 * the user so a reconnect after a drop logs in the same way as the scenario did, and the
 * per-mechanism login counters (`sasl_logins.<MECHANISM>`, `sasl_channel_binding.<type>`)
 * that show which way each login went. Counter names are built once per mechanism.
 */
import type { VmUser } from '../user-api.js';
import type { AuthMemory } from '../user-ext.js';

export type { AuthMemory } from '../user-ext.js';

const loginNames = new Map<string, string>();
const bindingNames = new Map<string, string>();
/** Users log in the same few ways: one shared, frozen AuthMemory per way. */
const memories = new Map<string, Readonly<AuthMemory>>();

export function authMemoryOf(u: VmUser): Readonly<AuthMemory> | undefined {
  return u.authMemory ?? undefined;
}

/** Kept on the user itself (a field, not a WeakMap entry per user), and shared. */
export function rememberAuth(u: VmUser, m: AuthMemory): void {
  const key = `${m.mechanism}\n${m.channelBinding}\n${m.encrypted}`;
  let shared = memories.get(key);
  if (shared === undefined) memories.set(key, (shared = Object.freeze({ ...m })));
  u.rememberLogin(shared);
}

function counterName(names: Map<string, string>, prefix: string, what: string): string {
  let n = names.get(what);
  if (n === undefined) names.set(what, (n = `${prefix}${what}`));
  return n;
}

/** A SASL login succeeded with `mechanism` (and `binding` for -PLUS). */
export function countSaslLogin(u: VmUser, mechanism: string, binding?: string): void {
  u.host.stats.count(counterName(loginNames, 'sasl_logins.', mechanism));
  if (binding) u.host.stats.count(counterName(bindingNames, 'sasl_channel_binding.', binding));
}
