/** The contract of XmppConnection: options, owner callbacks, states and their transitions. */
import type tls from 'node:tls';
import type { XloadError } from '../errors.js';
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
