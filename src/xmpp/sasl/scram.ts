/**
 * SCRAM-SHA-1 (RFC 5802), SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512 client, and their
 * -PLUS variants with TLS channel binding (RFC 5802 §6). Verifies the server signature on
 * success (RFC 5802 §3: the client MUST verify ServerSignature).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslError } from '../errors.js';
import { hmac, scramKeys, type ScramHash } from './scram-keys.js';
import { ChannelBindingError, type ChannelBinding } from './channel-binding.js';
import { b64, unb64, type SaslClient, type SaslCredentials, type SaslOptions, type ScramMechanism } from './types.js';

const HASHES: Record<ScramMechanism, ScramHash> = {
  'SCRAM-SHA-1': 'sha1',
  'SCRAM-SHA-256': 'sha256',
  'SCRAM-SHA-512': 'sha512',
  'SCRAM-SHA-1-PLUS': 'sha1',
  'SCRAM-SHA-256-PLUS': 'sha256',
  'SCRAM-SHA-512-PLUS': 'sha512',
};

/**
 * RFC 5802 §7 gs2-header: `p=<cb-name>` when binding, `y` when the client could bind but
 * the server offered no -PLUS, `n` when it cannot; then the optional authzid.
 */
export function gs2Header(cb: ChannelBinding | null, bindingNotOffered: boolean, authzid?: string): string {
  const flag = cb ? `p=${cb.type}` : bindingNotOffered ? 'y' : 'n';
  return `${flag},${authzid ? `a=${saslname(authzid)}` : ''},`;
}

/** RFC 5802 §7 `c=`: base64 of the gs2 header followed by cb-data when binding. */
export function channelBindingAttr(header: string, cb: ChannelBinding | null): string {
  const h = Buffer.from(header, 'utf8');
  return (cb ? Buffer.concat([h, cb.data]) : h).toString('base64');
}

/** RFC 5802 §5.1 saslname: ',' and '=' are escaped. */
function saslname(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** Parses `k=v,k=v` attribute lists (values may contain '='). */
function parseAttrs(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(',')) {
    if (part.length >= 2 && part.charCodeAt(1) === 61) out.set(part[0] as string, part.slice(2));
  }
  return out;
}

export class ScramClient implements SaslClient {
  private readonly hash: ScramHash;
  private readonly nonce: string;
  private readonly gs2Header: string;
  /** `c=` value of the client-final message, fixed once the header and binding are known. */
  private readonly cbAttr: string;
  private readonly clientFirstBare: string;
  private expectedServerSig: Buffer | null = null;
  private verified = false;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly creds: SaslCredentials,
    opts?: SaslOptions,
  ) {
    this.hash = HASHES[mechanism];
    // base64 never contains ',' which would break the attribute syntax.
    this.nonce = opts?.clientNonce ?? randomBytes(18).toString('base64');
    const plus = mechanism.endsWith('-PLUS');
    const cb = plus ? (opts?.channelBinding ?? null) : null;
    if (plus && !cb) throw new ChannelBindingError(`${mechanism} needs a TLS channel binding`);
    this.gs2Header = gs2Header(cb, !plus && opts?.bindingNotOffered === true, creds.authzid);
    this.cbAttr = channelBindingAttr(this.gs2Header, cb);
    this.clientFirstBare = `n=${saslname(creds.username)},r=${this.nonce}`;
  }

  initial(): string {
    return b64(this.gs2Header + this.clientFirstBare);
  }

  challenge(payload: string): string {
    const msg = unb64(payload);
    // Some servers send the server-final message as a challenge, then an empty success.
    if (this.expectedServerSig) {
      this.verifyFinal(msg);
      return '=';
    }
    const attrs = parseAttrs(msg);
    const r = attrs.get('r');
    const s = attrs.get('s');
    const i = Number(attrs.get('i'));
    if (attrs.has('m')) throw new SaslError('invalid-mechanism', 'SCRAM extension m= not supported');
    if (!r || !s || !Number.isInteger(i) || i < 1) throw new SaslError('malformed-request', `bad server-first-message: ${msg}`);
    if (!r.startsWith(this.nonce) || r.length === this.nonce.length) {
      throw new SaslError('malformed-request', 'server nonce does not extend the client nonce');
    }
    const keys = scramKeys(this.hash, this.creds.password, Buffer.from(s, 'base64'), i);
    const finalNoProof = `c=${this.cbAttr},r=${r}`;
    const authMessage = `${this.clientFirstBare},${msg},${finalNoProof}`;
    const clientSig = hmac(this.hash, keys.storedKey, authMessage);
    const proof = Buffer.allocUnsafe(clientSig.length);
    for (let k = 0; k < clientSig.length; k++) proof[k] = (keys.clientKey[k] as number) ^ (clientSig[k] as number);
    this.expectedServerSig = hmac(this.hash, keys.serverKey, authMessage);
    return b64(`${finalNoProof},p=${proof.toString('base64')}`);
  }

  success(payload?: string): void {
    if (this.verified) return;
    if (!this.expectedServerSig) throw new SaslError('malformed-request', 'success before the SCRAM exchange');
    this.verifyFinal(unb64(payload));
  }

  private verifyFinal(msg: string): void {
    const attrs = parseAttrs(msg);
    const e = attrs.get('e');
    if (e !== undefined) throw new SaslError(e, `server-final error ${e}`);
    const v = attrs.get('v');
    const got = v ? Buffer.from(v, 'base64') : Buffer.alloc(0);
    const want = this.expectedServerSig as Buffer;
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new SaslError('invalid-server-signature', 'SCRAM server signature does not verify');
    }
    this.verified = true;
  }
}
