/** SASL client factory and mechanism choice (RFC 6120 §6.3.3: the client picks). */
import { AnonymousClient } from './anonymous.js';
import { DigestMd5Client } from './digest-md5.js';
import { PlainClient } from './plain.js';
import { ScramClient } from './scram.js';
import type { SaslClient, SaslCredentials, SaslMechanism, SaslOptions } from './types.js';
import { ProtocolError } from '../errors.js';

export type { SaslClient, SaslCredentials, SaslMechanism, SaslOptions } from './types.js';
export { clearScramCache } from './scram-keys.js';

/** Strongest first; what 'auto' picks from. ANONYMOUS and DIGEST-MD5 only when asked by name. */
const AUTO_ORDER = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;
const SUPPORTED = new Set<string>([...AUTO_ORDER, 'ANONYMOUS', 'DIGEST-MD5']);

export function isSupportedMechanism(name: string): name is SaslMechanism {
  return SUPPORTED.has(name);
}

export function createSaslClient(mechanism: SaslMechanism, creds: SaslCredentials, opts?: SaslOptions): SaslClient {
  switch (mechanism) {
    case 'PLAIN':
      return new PlainClient(creds);
    case 'ANONYMOUS':
      return new AnonymousClient();
    case 'DIGEST-MD5':
      return new DigestMd5Client(creds, opts);
    case 'SCRAM-SHA-1':
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512':
      return new ScramClient(mechanism, creds, opts);
    default:
      throw new ProtocolError('auth_no_mechanism', `unsupported SASL mechanism ${String(mechanism)}`);
  }
}

/**
 * The mechanism to use: `wanted` by name if offered (case-insensitive), or for 'auto'
 * the strongest offered that we support. Null when none fits.
 */
export function pickMechanism(offered: string[], wanted: string): SaslMechanism | null {
  const have = new Set(offered.map((m) => m.toUpperCase()));
  if (wanted.toLowerCase() === 'auto') {
    for (const m of AUTO_ORDER) if (have.has(m)) return m;
    return null;
  }
  const w = wanted.toUpperCase();
  return have.has(w) && isSupportedMechanism(w) ? w : null;
}
