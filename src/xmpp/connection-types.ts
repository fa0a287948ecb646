/** The contract of XmppConnection: options, owner callbacks, states and their transitions. */
import net from 'node:net';
import type tls from 'node:tls';
import { InternalError, type XloadError } from '../errors.js';
import type { Frame } from './framer.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'closing' | 'closed';

/** Allowed state changes; XmppConnection.setState() enforces them. */
export const TRANSITIONS: Record<ConnectionState, readonly ConnectionState[]> = {
  idle: ['connecting', 'closed'],
  connecting: ['connected', 'closing', 'closed'],
  connected: ['closing', 'closed'],
  closing: ['closed'],
  closed: [],
};

/** The state after `from` -> `to`, or an InternalError naming the transport (a bug). */
export function checkTransition(transport: string, from: ConnectionState, to: ConnectionState): ConnectionState {
  if (!TRANSITIONS[from].includes(to)) throw new InternalError(`${transport} state ${from} -> ${to}`);
  return to;
}

/** TLS client options for a transport: SNI unless the host is an IP, self-signed allowed by default. */
export function clientTlsOptions(o: ConnectOptions): tls.ConnectionOptions {
  const servername = o.servername ?? (net.isIP(o.host) ? undefined : o.host);
  return { servername, rejectUnauthorized: o.rejectUnauthorized ?? false, ...o.tlsOptions };
}

/** How long close() waits for the server's `</stream:stream>` before destroying. */
export const CLOSE_GRACE_MS = 2000;

export interface ConnectOptions {
  host: string;
  port: number;
  /** Direct TLS (XEP-0368 style, e.g. port 5223), not STARTTLS. */
  tls: boolean;
  localAddress?: string;
  family?: 4 | 6;
  /** Covers TCP connect and, with tls, the handshake. */
  connectTimeoutMs: number;
  /** TLS SNI; default: host unless it is an IP address. */
  servername?: string;
  /** Default false: load tests hit servers with self-signed certificates. */
  rejectUnauthorized?: boolean;
  /** Extra TLS options (client certificates for SASL EXTERNAL, ciphers). */
  tlsOptions?: tls.ConnectionOptions;
}

/** What a connection reports to its owner (the engine's user VM, or the login flow). */
export interface ConnectionHandlers {
  /** TCP (and direct TLS) is up. */
  onConnected(): void;
  onStreamOpen(attrs: Record<string, string>): void;
  onFrame(frame: Frame): void;
  /** Called exactly once, when the socket is gone. null = clean close that we asked for. */
  onClose(err: XloadError | null): void;
}
