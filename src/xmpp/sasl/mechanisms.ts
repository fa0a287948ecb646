/** The mechanisms xload speaks, and the choice among those a server offers (RFC 6120 §6.3.3). */
import type { SaslMechanism } from './types.js';

const PLUS_ORDER = ['SCRAM-SHA-512-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS'] as const;
/** Strongest first; what 'auto' picks from. ANONYMOUS, DIGEST-MD5 and EXTERNAL only when asked by name. */
const AUTO_ORDER = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;
const AUTO_ORDER_TLS = [...PLUS_ORDER, ...AUTO_ORDER] as const;
const SUPPORTED = new Set<string>([...AUTO_ORDER_TLS, 'ANONYMOUS', 'DIGEST-MD5', 'EXTERNAL']);

export function isSupportedMechanism(name: string): name is SaslMechanism {
  return SUPPORTED.has(name);
}

export function isPlusMechanism(name: string): boolean {
  return name.endsWith('-PLUS');
}

/**
 * The mechanism to use: `wanted` by name if offered (case-insensitive), or for 'auto'
 * the strongest offered that we support; -PLUS ones only when `canBind` (a TLS
 * connection). Null when none fits.
 */
export function pickMechanism(offered: readonly string[], wanted: string, canBind = false): SaslMechanism | null {
  const have = new Set(offered.map((m) => m.toUpperCase()));
  if (wanted.toLowerCase() === 'auto') {
    for (const m of canBind ? AUTO_ORDER_TLS : AUTO_ORDER) if (have.has(m)) return m;
    return null;
  }
  const w = wanted.toUpperCase();
  return have.has(w) && isSupportedMechanism(w) ? w : null;
}
