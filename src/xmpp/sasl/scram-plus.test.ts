/**
 * SCRAM channel binding (RFC 5802 §6-7): the gs2 header and `c=` for each flag, and a full
 * SCRAM-SHA-256-PLUS exchange checked against a proof and server signature computed here
 * by hand with node:crypto (not with xload's SCRAM code). Also the mechanism choice.
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ChannelBindingError, chooseSasl, clearScramCache, createSaslClient, pickMechanism, type ChannelBinding } from './index.js';
import { channelBindingAttr, gs2Header } from './scram.js';

const enc = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const dec = (s: string): string => Buffer.from(s, 'base64').toString('utf8');
const CB: ChannelBinding = { type: 'tls-exporter', data: Buffer.from(Array.from({ length: 32 }, (_, i) => i)) };

describe('gs2 header and c= (RFC 5802 §7)', () => {
  it.each([
    [null, false, undefined, 'n,,', 'biws'],
    [null, true, undefined, 'y,,', 'eSws'],
    [CB, false, undefined, 'p=tls-exporter,,', 'cD10bHMtZXhwb3J0ZXIsLAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f'],
    [
      { type: 'tls-unique', data: Buffer.alloc(0) } as ChannelBinding,
      false,
      'admin',
      'p=tls-unique,a=admin,',
      'cD10bHMtdW5pcXVlLGE9YWRtaW4s',
    ],
  ])('cb=%o y=%s authzid=%s -> %s', (cb, y, authzid, header, c) => {
    const h = gs2Header(cb, y, authzid);
    expect(h).toBe(header);
    expect(channelBindingAttr(h, cb)).toBe(c);
  });

  it("'y' on plain SCRAM when asked; -PLUS without a binding is refused", () => {
    const y = createSaslClient('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { clientNonce: 'N', bindingNotOffered: true });
    expect(dec(y.initial())).toBe('y,,n=user,r=N');
    expect(() => createSaslClient('SCRAM-SHA-256-PLUS', { username: 'u', password: 'p' })).toThrow(ChannelBindingError);
  });
});

describe('SCRAM-SHA-256-PLUS exchange', () => {
  it('client-final carries c=base64(gs2 header + cb-data) and a proof over it; the server signature verifies', () => {
    clearScramCache();
    const nonce = 'rOprNGfwEbeRWgbNEkqO';
    const serverFirst = `r=${nonce}%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`;
    const c = createSaslClient('SCRAM-SHA-256-PLUS', { username: 'user', password: 'pencil' }, { clientNonce: nonce, channelBinding: CB });
    expect(dec(c.initial())).toBe(`p=tls-exporter,,n=user,r=${nonce}`);
    const final = dec(c.challenge(enc(serverFirst)));

    // By hand, RFC 5802 §3.
    const salted = pbkdf2Sync('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096, 32, 'sha256');
    const clientKey = createHmac('sha256', salted).update('Client Key').digest();
    const storedKey = createHash('sha256').update(clientKey).digest();
    const cAttr = Buffer.concat([Buffer.from('p=tls-exporter,,'), CB.data]).toString('base64');
    const withoutProof = `c=${cAttr},r=${nonce}%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0`;
    const authMessage = `n=user,r=${nonce},${serverFirst},${withoutProof}`;
    const sig = createHmac('sha256', storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((b, i) => b ^ (sig[i] as number)));
    expect(final).toBe(`${withoutProof},p=${proof.toString('base64')}`);

    const serverKey = createHmac('sha256', salted).update('Server Key').digest();
    const serverSig = createHmac('sha256', serverKey).update(authMessage).digest('base64');
    expect(() => c.success(enc(`v=${serverSig}`))).not.toThrow();
  });

  it('a server that bound to other data signs something else: the signature check fails', () => {
    const nonce = 'abc';
    const c = createSaslClient('SCRAM-SHA-1-PLUS', { username: 'user', password: 'pencil' }, { clientNonce: nonce, channelBinding: CB });
    c.initial();
    c.challenge(enc(`r=${nonce}def,s=QSXCR+Q6sek8bf92,i=4096`));
    expect(() => c.success(enc('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='))).toThrow(/signature/);
  });
});

describe('chooseSasl', () => {
  // Only the type of the socket matters here: selectChannelBinding asks it for data.
  const fakeTls = (protocol: string): TLSSocket =>
    ({
      getProtocol: () => protocol,
      exportKeyingMaterial: () => Buffer.alloc(32, 7),
      getFinished: () => Buffer.alloc(12, 1),
      getPeerFinished: () => Buffer.alloc(12, 2),
      isSessionReused: () => false,
      getPeerX509Certificate: () => undefined,
    }) as unknown as TLSSocket;
  const EJ = ['PLAIN', 'SCRAM-SHA-512-PLUS', 'SCRAM-SHA-512', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1'];
  const PROSODY_13 = ['SCRAM-SHA-1', 'PLAIN', 'SCRAM-SHA-256'];

  it('auto over TLS 1.3 takes -PLUS only when the binding type is known (listed or named)', () => {
    // ejabberd 23.01 offers -PLUS on TLS 1.3 but refuses tls-exporter: no guessing.
    expect(chooseSasl({ wanted: 'auto', offered: EJ, tls: fakeTls('TLSv1.3') })).toEqual({ mechanism: 'SCRAM-SHA-512', opts: {} });
    const listed = chooseSasl({
      wanted: 'auto',
      offered: EJ,
      tls: fakeTls('TLSv1.3'),
      advertisedBindings: ['tls-server-end-point', 'tls-exporter'],
    });
    expect(listed).toMatchObject({ mechanism: 'SCRAM-SHA-512-PLUS', opts: { channelBinding: { type: 'tls-exporter' } } });
    const named = chooseSasl({ wanted: 'auto', offered: EJ, tls: fakeTls('TLSv1.3'), channelBinding: 'tls-unique' });
    expect(named).toMatchObject({ mechanism: 'SCRAM-SHA-512-PLUS', opts: { channelBinding: { type: 'tls-unique' } } });
  });

  it('a named -PLUS on TLS 1.3 binds with tls-exporter by default', () => {
    const r = chooseSasl({ wanted: 'SCRAM-SHA-256-PLUS', offered: EJ, tls: fakeTls('TLSv1.3') });
    expect(r).toMatchObject({ mechanism: 'SCRAM-SHA-256-PLUS', opts: { channelBinding: { type: 'tls-exporter' } } });
  });

  it('auto over TLS 1.2 binds with tls-unique; without TLS no -PLUS and flag n', () => {
    expect(chooseSasl({ wanted: 'auto', offered: EJ, tls: fakeTls('TLSv1.2') })).toMatchObject({
      opts: { channelBinding: { type: 'tls-unique', data: Buffer.alloc(12, 1) } },
    });
    expect(chooseSasl({ wanted: 'auto', offered: EJ.filter((m) => !m.endsWith('PLUS')), tls: null })).toEqual({
      mechanism: 'SCRAM-SHA-512',
      opts: {},
    });
  });

  it("TLS but no -PLUS offered: plain SCRAM with flag 'y'; -PLUS offered but not chosen: 'n'", () => {
    expect(chooseSasl({ wanted: 'auto', offered: PROSODY_13, tls: fakeTls('TLSv1.3') })).toEqual({
      mechanism: 'SCRAM-SHA-256',
      opts: { bindingNotOffered: true },
    });
    expect(chooseSasl({ wanted: 'SCRAM-SHA-256', offered: EJ, tls: fakeTls('TLSv1.3') })).toEqual({ mechanism: 'SCRAM-SHA-256', opts: {} });
  });

  it('XEP-0440 advertised types and an explicit type win over the version default', () => {
    const adv = chooseSasl({ wanted: 'auto', offered: EJ, tls: fakeTls('TLSv1.2'), advertisedBindings: ['tls-exporter'] });
    expect(adv).toMatchObject({ opts: { channelBinding: { type: 'tls-exporter' } } });
    const named = chooseSasl({ wanted: 'SCRAM-SHA-1-PLUS', offered: EJ, tls: fakeTls('TLSv1.3'), channelBinding: 'tls-exporter' });
    expect(named).toMatchObject({ mechanism: 'SCRAM-SHA-1-PLUS', opts: { channelBinding: { type: 'tls-exporter' } } });
  });

  it('-PLUS without TLS, a binding the certificate does not define and an unlisted -PLUS are errors with their own class', () => {
    expect(chooseSasl({ wanted: 'SCRAM-SHA-256-PLUS', offered: EJ, tls: null })).toMatchObject({
      code: 'sasl_error.channel_binding_unavailable',
    });
    const noCert = chooseSasl({
      wanted: 'SCRAM-SHA-256-PLUS',
      offered: EJ,
      tls: fakeTls('TLSv1.3'),
      channelBinding: 'tls-server-end-point',
    });
    expect(noCert).toMatchObject({ code: 'sasl_error.channel_binding_unavailable' });
    expect(chooseSasl({ wanted: 'SCRAM-SHA-512-PLUS', offered: PROSODY_13, tls: fakeTls('TLSv1.3') })).toMatchObject({
      code: 'protocol_error.auth_no_mechanism',
    });
  });

  it('auto falls back to plain SCRAM when no binding fits (server lists only tls-unique on TLS 1.3)', () => {
    const r = chooseSasl({ wanted: 'auto', offered: EJ, tls: fakeTls('TLSv1.3'), advertisedBindings: ['tls-unique', 'x-foo'] });
    expect(r).toEqual({ mechanism: 'SCRAM-SHA-512', opts: {} });
  });

  it('pickMechanism lists -PLUS only when the connection can bind', () => {
    expect(pickMechanism(EJ, 'auto')).toBe('SCRAM-SHA-512');
    expect(pickMechanism(EJ, 'auto', true)).toBe('SCRAM-SHA-512-PLUS');
  });
});
