/**
 * SASL DIGEST-MD5 (RFC 2831), historic (RFC 6331) but still offered by some servers and
 * used by old Tsung scenarios. Only auth qop, no integrity or confidentiality layer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SaslError } from '../errors.js';
import { b64, unb64, type SaslClient, type SaslCredentials, type SaslOptions } from './types.js';

function md5(data: string | Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

/** Parses `k=v, k="quoted"` directives (RFC 2831 §7.1). */
function parseDirectives(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-zA-Z-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,]*))/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.set((m[1] as string).toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return out;
}

export class DigestMd5Client implements SaslClient {
  readonly mechanism = 'DIGEST-MD5' as const;
  private expectedRspauth: string | null = null;

  constructor(
    private readonly creds: SaslCredentials,
    private readonly opts: SaslOptions = {},
  ) {}

  initial(): string {
    // RFC 2831 §2.1: the exchange starts with the server's challenge; no initial response.
    return '=';
  }

  challenge(payload: string): string {
    const d = parseDirectives(unb64(payload));
    const rspauth = d.get('rspauth');
    if (rspauth !== undefined) {
      if (rspauth !== this.expectedRspauth) throw new SaslError('invalid-server-signature', 'DIGEST-MD5 rspauth mismatch');
      return '=';
    }
    const nonce = d.get('nonce');
    if (!nonce) throw new SaslError('malformed-request', 'DIGEST-MD5 challenge without nonce');
    const realm = d.get('realm') ?? this.opts.host ?? '';
    const host = this.opts.host ?? realm;
    const cnonce = this.opts.clientNonce ?? randomBytes(16).toString('hex');
    const nc = '00000001';
    const uri = this.opts.digestUri ?? `xmpp/${host}`;
    const { username, password, authzid } = this.creds;
    const a1 = Buffer.concat([md5(`${username}:${realm}:${password}`), Buffer.from(`:${nonce}:${cnonce}${authzid ? `:${authzid}` : ''}`)]);
    const ha1 = md5(a1).toString('hex');
    const kd = (a2: string): string => md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(a2).toString('hex')}`).toString('hex');
    this.expectedRspauth = kd(`:${uri}`);
    const q = (v: string): string => `"${v.replace(/(["\\])/g, '\\$1')}"`;
    return b64(
      `username=${q(username)},realm=${q(realm)},nonce=${q(nonce)},cnonce=${q(cnonce)},nc=${nc},qop=auth,` +
        `digest-uri=${q(uri)},response=${kd(`AUTHENTICATE:${uri}`)},charset=utf-8${authzid ? `,authzid=${q(authzid)}` : ''}`,
    );
  }

  success(payload?: string): void {
    const d = parseDirectives(unb64(payload));
    const rspauth = d.get('rspauth');
    if (rspauth !== undefined && rspauth !== this.expectedRspauth) {
      throw new SaslError('invalid-server-signature', 'DIGEST-MD5 rspauth mismatch');
    }
  }
}
