/**
 * How a user last logged in (SASL mechanism, channel-binding type, STARTTLS), kept beside
 * the user so a reconnect after a drop logs in the same way as the scenario did, and the
 * per-mechanism login counters (`sasl_logins.<MECHANISM>`, `sasl_channel_binding.<type>`)
 * that show which way each login went (names from stats/metric-names.ts, built once per mechanism).
 */
import type { VmUser } from '../user-api.js';
import type { AuthMemory } from '../user-ext.js';
import { saslChannelBindingCounter, saslLoginCounter } from '../../../stats/metric-names.js';

export type { AuthMemory } from '../user-ext.js';

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

/** A SASL login succeeded with `mechanism` (and `binding` for -PLUS). */
export function countSaslLogin(u: VmUser, mechanism: string, binding?: string): void {
  u.host.stats.count(saslLoginCounter(mechanism));
  if (binding) u.host.stats.count(saslChannelBindingCounter(binding));
}
