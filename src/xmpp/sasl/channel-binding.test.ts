/**
 * Channel-binding data: tls-server-end-point's hash choice per certificate signature
 * (RFC 5929 §4.1), and on a real loopback TLS connection each type equals what the server
 * side computes (RFC 9266 exporter, RFC 5929 §3 Finished), for TLS 1.3 and 1.2.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEndPointData, serverEndPointHash } from './cert-hash.js';
import { channelBindingData, selectChannelBinding } from './channel-binding.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const der = (name: string): Buffer => new X509Certificate(fixture(name)).raw;

describe('tls-server-end-point hash (RFC 5929 §4.1)', () => {
  it.each([
    ['cb-rsa-sha256.pem', 'sha256'],
    ['cb-rsa-sha1.pem', 'sha256'], // SHA-1 is replaced by SHA-256
    ['cb-ecdsa-sha384.pem', 'sha384'],
    ['cb-rsapss-sha512.pem', 'sha512'], // the hash is a PSS parameter
    ['cb-ed25519.pem', null], // undefined for EdDSA
  ])('%s -> %s', (file, hash) => {
    expect(serverEndPointHash(der(file))).toBe(hash);
    const d = der(file);
    expect(serverEndPointData(d)).toEqual(hash ? createHash(hash).update(d).digest() : null);
  });

  it('garbage is not a certificate', () => {
    expect(serverEndPointHash(Buffer.from([0x30, 0x82, 0xff]))).toBeNull();
  });
});

describe.each(['TLSv1.3', 'TLSv1.2'] as const)('on a loopback %s connection', (version) => {
  let server: tls.Server;
  let client: tls.TLSSocket;
  let peer: tls.TLSSocket;

  beforeAll(async () => {
    server = tls.createServer({ cert: fixture('cb-rsa-sha256.pem'), key: fixture('cb-rsa-sha256.key') });
    const accepted = once(server, 'secureConnection');
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    client = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion: version, minVersion: version });
    await once(client, 'secureConnect');
    [peer] = (await accepted) as [tls.TLSSocket];
  });

  afterAll(() => {
    client.destroy();
    server.close();
  });

  it('tls-exporter equals the server export with a zero-length context (RFC 9266 §2)', () => {
    const want = peer.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0));
    expect(channelBindingData(client, 'tls-exporter')).toEqual(want);
  });

  it('tls-server-end-point is the SHA-256 of the server certificate', () => {
    expect(channelBindingData(client, 'tls-server-end-point')).toEqual(createHash('sha256').update(der('cb-rsa-sha256.pem')).digest());
  });

  it('tls-unique is the client Finished (12 bytes on TLS 1.2; on 1.3 the variant ejabberd 23.01 binds to)', () => {
    const got = channelBindingData(client, 'tls-unique');
    expect(got).toEqual(peer.getPeerFinished());
    // TLS 1.3's Finished is the suite's hash length (32 or 48), TLS 1.2's verify_data 12.
    if (version === 'TLSv1.3') expect(got?.length).toBeGreaterThanOrEqual(32);
    else expect(got?.length).toBe(12);
  });

  it('auto never picks tls-unique on TLS 1.3 (RFC 9266 §3), even when it is the only one listed', () => {
    const listedOnlyUnique = selectChannelBinding(client, 'auto', ['tls-unique']);
    if (version === 'TLSv1.3') expect(listedOnlyUnique).toMatchObject({ code: 'sasl_error.channel_binding_unavailable' });
    else expect(listedOnlyUnique).toMatchObject({ type: 'tls-unique' });
  });

  it('auto picks the version default', () => {
    const cb = selectChannelBinding(client, 'auto', null);
    expect(cb).toMatchObject({ type: version === 'TLSv1.3' ? 'tls-exporter' : 'tls-unique' });
  });
});
