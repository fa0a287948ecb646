/**
 * What the engine needs from any XMPP transport: TCP/TLS (XmppConnection), WebSocket
 * (RFC 7395, XmppWebSocket) and BOSH (XEP-0124/0206, XmppBosh). All three report to the
 * same ConnectionHandlers, frame stanzas the same way, and keep the same counters, so a
 * request behaves the same whichever carries it.
 */
import type { XloadError } from '../errors.js';
import type { ConnectOptions, ConnectionHandlers, ConnectionState } from './connection-types.js';

export interface XmppTransport {
  handlers: ConnectionHandlers;
  readonly state: ConnectionState;
  /** True when the bytes on the wire are encrypted (TLS, wss, https). */
  readonly encrypted: boolean;
  bytesIn: number;
  bytesOut: number;
  stanzasIn: number;
  stanzasOut: number;
  /** `id` of the last stream opened by the server (or BOSH sid's stream). */
  streamId: string;
  connect(o: ConnectOptions): void;
  /** Writes one stanza (or raw XML); false, writing nothing, unless connected. */
  send(data: string): boolean;
  /** Called with every stanza send() wrote (XEP-0198 keeps copies until acked); usually unset. */
  onSend?: ((data: string) => void) | null;
  /** dumptraffic: sees every stanza sent and received; unset (no cost) unless the run asks. */
  trafficTap?: TrafficTap | null;
  /** Opens or restarts the XMPP stream (RFC 6120 §4.3.3). */
  openStream(to: string, opts?: { version?: '1.0' | null; lang?: string }): void;
  /** STARTTLS upgrade; transports without it report a TlsError through onDone. */
  startTls(onDone: (err?: XloadError) => void): void;
  /** Ends the stream politely; onClose(null) follows. */
  close(): void;
  /** Drops the transport at once; onClose follows. */
  destroy(): void;
}

/** Where a WebSocket or BOSH transport talks HTTP. */
export interface HttpTarget {
  /** Request path, e.g. /ws, /xmpp-websocket, /bosh, /http-bind. */
  path: string;
  /** WebSocket only: message type for outgoing stanzas (Tsung's websocket_frame). */
  frame?: 'text' | 'binary';
}

/** Who sees a transport's stanzas for Tsung's dumptraffic (src/engine/vm/traffic-tap.ts). */
export interface TrafficTap {
  traffic(dir: 'in' | 'out', data: string): void;
}
