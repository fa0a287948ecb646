import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoopback, plaintextListenWarning } from './plaintext-warning.js';

/** Issue 13: an agent serving plaintext gRPC where other hosts can reach it says so. */
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const loopback4 = fc.tuple(octet, octet, octet).map((o) => `127.${o.join('.')}`);
const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const ipv6 = fc.array(hextet, { minLength: 8, maxLength: 8 }).map((h) => h.join(':'));
const hostname = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){0,3}$/)
  .filter((h) => h !== 'localhost' && !h.endsWith('.localhost'));

describe('plaintextListenWarning', () => {
  it('warns on every non-loopback address without TLS, naming it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ipv4.filter((a) => !a.startsWith('127.')),
          ipv6.filter((a) => !isLoopback(a)),
          hostname,
        ),
        (host) => {
          const w = plaintextListenWarning(host, false);
          expect(w).toMatch(/^warning: plaintext gRPC/);
          expect(w).toContain(host);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says "all interfaces" for the wildcard addresses', () => {
    for (const h of ['0.0.0.0', '::', '']) expect(plaintextListenWarning(h, false)).toContain('all interfaces');
  });

  it('is quiet on loopback, and whenever TLS is on', () => {
    fc.assert(
      fc.property(
        fc.oneof(loopback4, fc.constantFrom('::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'a.localhost')),
        (h) => {
          expect(plaintextListenWarning(h, false)).toBeUndefined();
        },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6, hostname, fc.constantFrom('0.0.0.0', '::', '')), (h) => {
        expect(plaintextListenWarning(h, true)).toBeUndefined();
      }),
    );
  });
});
