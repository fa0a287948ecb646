import { describe, expect, it } from 'vitest';
import { SaslError } from '../errors.js';
import { clearScramCache, createSaslClient, pickMechanism } from './index.js';

const enc = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const dec = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

describe('SCRAM test vectors', () => {
  it('matches RFC 5802 §5 (SCRAM-SHA-1)', () => {
    clearScramCache();
    const c = createSaslClient('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { clientNonce: 'fyko+d2lbbFgONRv9qkxdawL' });
    expect(dec(c.initial())).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    const final = c.challenge(enc('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'));
    expect(dec(final)).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
    expect(() => c.success(enc('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='))).not.toThrow();
  });

  it('matches RFC 7677 §3 (SCRAM-SHA-256), twice (second from the key cache)', () => {
    clearScramCache();
    for (let round = 0; round < 2; round++) {
      const c = createSaslClient('SCRAM-SHA-256', { username: 'user', password: 'pencil' }, { clientNonce: 'rOprNGfwEbeRWgbNEkqO' });
      expect(dec(c.initial())).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
      const final = c.challenge(enc('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'));
      expect(dec(final)).toBe('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
      c.success(enc('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='));
    }
  });

  it('accepts the server-final message as a challenge followed by an empty success', () => {
    const c = createSaslClient('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { clientNonce: 'fyko+d2lbbFgONRv9qkxdawL' });
    c.challenge(enc('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'));
    expect(c.challenge(enc('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='))).toBe('=');
    expect(() => c.success()).not.toThrow();
  });

  it('rejects a wrong server signature, a foreign nonce and a server error', () => {
    const mk = () => createSaslClient('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { clientNonce: 'fyko+d2lbbFgONRv9qkxdawL' });
    const first = enc('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    const a = mk();
    a.challenge(first);
    expect(() => a.success(enc('v=AAAAv3Bz2T0CJGbJQyF0X+HI4Ts='))).toThrow(SaslError);
    expect(() => mk().challenge(enc('r=other,s=QSXCR+Q6sek8bf92,i=4096'))).toThrow(/nonce/);
    const b = mk();
    b.challenge(first);
    try {
      b.success(enc('e=invalid-proof'));
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'auth_failed', condition: 'invalid-proof' });
    }
  });

  it('escapes = and , in the username and carries the authzid', () => {
    const c = createSaslClient('SCRAM-SHA-1', { username: 'a=b,c', password: 'p', authzid: 'z' }, { clientNonce: 'N' });
    expect(dec(c.initial())).toBe('n,a=z,n=a=3Db=2Cc,r=N');
  });
});

describe('PLAIN, ANONYMOUS, DIGEST-MD5', () => {
  it('PLAIN sends authzid NUL user NUL password (RFC 4616)', () => {
    expect(dec(createSaslClient('PLAIN', { username: 'user1', password: 'pwd1' }).initial())).toBe('\0user1\0pwd1');
    expect(dec(createSaslClient('PLAIN', { username: 'u', password: 'p', authzid: 'a@b' }).initial())).toBe('a@b\0u\0p');
  });

  it('ANONYMOUS sends an empty initial response', () => {
    expect(createSaslClient('ANONYMOUS', { username: '', password: '' }).initial()).toBe('=');
  });

  it('DIGEST-MD5 matches the RFC 2831 §4 example (response and rspauth)', () => {
    const c = createSaslClient(
      'DIGEST-MD5',
      { username: 'chris', password: 'secret' },
      { clientNonce: 'OA6MHXh6VqTrRk', host: 'elwood.innosoft.com', digestUri: 'imap/elwood.innosoft.com' },
    );
    expect(c.initial()).toBe('=');
    const resp = dec(c.challenge(enc('realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8')));
    expect(resp).toContain('response=d388dad90d4bbd760a152321f2143af7');
    expect(resp).toContain('digest-uri="imap/elwood.innosoft.com"');
    expect(c.challenge(enc('rspauth=ea40f60335c427b5527b84dbabcdfffd'))).toBe('=');
    expect(() => c.success()).not.toThrow();
  });

  it('DIGEST-MD5 rejects a wrong rspauth', () => {
    const c = createSaslClient('DIGEST-MD5', { username: 'u', password: 'p' }, { host: 'localhost' });
    c.challenge(enc('nonce="n",qop="auth"'));
    expect(() => c.challenge(enc('rspauth=00'))).toThrow(SaslError);
  });
});

describe('pickMechanism', () => {
  const offered = ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'X-OAUTH2'];
  it.each([
    ['auto', 'SCRAM-SHA-256'],
    ['plain', 'PLAIN'],
    ['SCRAM-SHA-1', 'SCRAM-SHA-1'],
    ['SCRAM-SHA-512', null],
    ['X-OAUTH2', null],
  ])('%s -> %s', (wanted, want) => {
    expect(pickMechanism(offered, wanted)).toBe(want);
  });
  it('auto prefers SCRAM-SHA-512 and falls back to PLAIN', () => {
    expect(pickMechanism(['PLAIN', 'SCRAM-SHA-512', 'SCRAM-SHA-256'], 'auto')).toBe('SCRAM-SHA-512');
    expect(pickMechanism(['PLAIN'], 'auto')).toBe('PLAIN');
    expect(pickMechanism(['ANONYMOUS'], 'auto')).toBeNull();
  });
});
