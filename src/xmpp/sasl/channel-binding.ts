/**
 * Channel binding for SCRAM-*-PLUS (RFC 5802 §6): the data that ties the SASL exchange to
 * this TLS connection, so a man in the middle terminating TLS cannot relay the login.
 * Three types: tls-exporter (RFC 9266, defined for TLS 1.3), tls-unique (RFC 5929 §3, TLS
 * 1.2 and older only) and tls-server-end-point (RFC 5929 §4, any version). The type is the
 * scenario's choice, else one the server lists (XEP-0440), else the default per TLS version.
 */
import type { TLSSocket } from 'node:tls';
import { XloadError } from '../../errors.js';
import { serverEndPointData } from './cert-hash.js';

export const CHANNEL_BINDING_TYPES = ['tls-exporter', 'tls-server-end-point', 'tls-unique'] as const;
export type ChannelBindingType = (typeof CHANNEL_BINDING_TYPES)[number];

export interface ChannelBinding {
  readonly type: ChannelBindingType;
  /** cb-data, appended to the gs2 header in `c=` (RFC 5802 §7). */
  readonly data: Buffer;
}

/**
 * A -PLUS mechanism was asked for and cannot be used on this connection (no TLS, or the
 * binding type is undefined for the TLS version): class `sasl_error.channel_binding_unavailable`.
 */
export class ChannelBindingError extends XloadError {
  constructor(message: string) {
    super('sasl_error.channel_binding_unavailable', message);
  }
}

/** The TLS socket under a transport that exposes one (XmppConnection once encrypted), else null. */
export function tlsSocketOf(transport: unknown): TLSSocket | null {
  const t = transport as { tlsSocket?: TLSSocket | null } | null;
  return t?.tlsSocket ?? null;
}

export const TLS13 = 'TLSv1.3';

/** cb-data of `type` on `sock`, or null when the type is undefined for this connection. */
export function channelBindingData(sock: TLSSocket, type: ChannelBindingType): Buffer | null {
  switch (type) {
    case 'tls-exporter':
      // RFC 9266 §2: label "EXPORTER-Channel-Binding", zero-length context (not "no
      // context": they differ before TLS 1.3), 32 bytes.
      return sock.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0));
    case 'tls-unique':
      // RFC 5929 §3.1: the first Finished message of the latest handshake: ours on a full
      // handshake, the server's on a resumed one. RFC 9266 §3 leaves it undefined for TLS
      // 1.3, but ejabberd 23.01 (its only binding) takes the client Finished there too, so
      // a scenario that names tls-unique gets exactly that; 'auto' never picks it on 1.3.
      return (sock.isSessionReused() ? sock.getPeerFinished() : sock.getFinished()) ?? null;
    case 'tls-server-end-point': {
      const cert = sock.getPeerX509Certificate();
      return cert ? serverEndPointData(cert.raw) : null;
    }
  }
}

/** Preference for 'auto' per TLS version: tls-unique is the binding of TLS 1.2 (RFC 5802 §6), tls-exporter of 1.3 (RFC 9266 §4). */
function preference(sock: TLSSocket): readonly ChannelBindingType[] {
  return sock.getProtocol() === TLS13 ? ['tls-exporter', 'tls-server-end-point'] : ['tls-unique', 'tls-server-end-point', 'tls-exporter'];
}

/**
 * The binding to use: `wanted` when named; for 'auto' the first of this TLS version's
 * preferences the server lists (XEP-0440 `advertised`), or without a list the version's
 * default (tls-exporter on TLS 1.3, tls-unique before).
 */
export function selectChannelBinding(
  sock: TLSSocket,
  wanted: ChannelBindingType | 'auto',
  advertised: readonly string[] | null,
): ChannelBinding | ChannelBindingError {
  let candidates: readonly ChannelBindingType[];
  if (wanted !== 'auto') candidates = [wanted];
  else if (advertised && advertised.length > 0) candidates = preference(sock).filter((t) => advertised.includes(t));
  else candidates = preference(sock).slice(0, 1);
  for (const type of candidates) {
    const data = channelBindingData(sock, type);
    if (data) return { type, data };
  }
  const what = wanted === 'auto' ? `any of [${(advertised ?? []).join(' ')}]` : wanted;
  return new ChannelBindingError(`channel binding ${what} is not available on ${sock.getProtocol() ?? 'this TLS connection'}`);
}
