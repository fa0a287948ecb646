/** The client side of one SASL exchange (RFC 4422), driven by the login flow. */
import type { ChannelBinding } from './channel-binding.js';

export type ScramMechanism =
  'SCRAM-SHA-1' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'SCRAM-SHA-1-PLUS' | 'SCRAM-SHA-256-PLUS' | 'SCRAM-SHA-512-PLUS';

export type SaslMechanism = 'PLAIN' | ScramMechanism | 'ANONYMOUS' | 'DIGEST-MD5' | 'EXTERNAL';

export interface SaslCredentials {
  username: string;
  password: string;
  /** Identity to act as (RFC 4422 §3.4.1); absent = derive from username. */
  authzid?: string;
}

/** Knobs for tests (RFC vectors need a fixed client nonce). */
export interface SaslOptions {
  clientNonce?: string;
  /** DIGEST-MD5 digest-uri host / realm fallback: the XMPP domain. */
  host?: string;
  /** DIGEST-MD5 digest-uri; default `xmpp/<host>` (RFC 6120 §6.3.8 service name). */
  digestUri?: string;
  /** SCRAM-*-PLUS: the TLS channel binding (RFC 5802 §6, gs2 flag 'p'). Required for -PLUS. */
  channelBinding?: ChannelBinding;
  /**
   * Plain SCRAM: true when this client could bind to the connection but the server offered
   * no -PLUS mechanism, so the gs2 flag is 'y' (RFC 5802 §6: lets a server that does
   * support binding detect a downgrade). False or absent: 'n'.
   */
  bindingNotOffered?: boolean;
}

/**
 * One exchange; not reusable. All payloads are base64 as carried in `<auth/>`,
 * `<challenge/>`, `<response/>` and `<success/>` (RFC 6120 §6.4); '=' is an empty payload.
 */
export interface SaslClient {
  readonly mechanism: SaslMechanism;
  /** Initial response for `<auth/>`. */
  initial(): string;
  /** Answer to a `<challenge/>`. Throws SaslError if the challenge is unacceptable. */
  challenge(b64: string): string;
  /** On `<success/>`: verifies additional data (SCRAM server signature). Throws SaslError. */
  success(b64?: string): void;
}

export function b64(s: string | Buffer): string {
  const out = (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64');
  return out.length === 0 ? '=' : out;
}

export function unb64(s: string | undefined): string {
  if (!s || s === '=') return '';
  return Buffer.from(s, 'base64').toString('utf8');
}
