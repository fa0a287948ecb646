/**
 * The client side of the WebSocket wire format (RFC 6455) that XMPP over WebSocket
 * (RFC 7395) needs: the opening handshake with the `xmpp` subprotocol (§3.1), masked
 * client frames (RFC 6455 §5.3), and an incremental reader of server frames that
 * reassembles fragmented messages (§5.4) and surfaces ping and close control frames.
 */
import { createHash, randomBytes } from 'node:crypto';

export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export enum Op {
  Continuation = 0,
  Text = 1,
  Binary = 2,
  Close = 8,
  Ping = 9,
  Pong = 10,
}

export function handshakeRequest(host: string, port: number, path: string, key: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n`
  );
}

export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** Checks the server's 101 answer (RFC 6455 §4.1, RFC 7395 §3.1); returns an error text or null. */
export function checkHandshake(head: string, key: string): string | null {
  const lines = head.split('\r\n');
  if (!/^HTTP\/1\.1 101\b/.test(lines[0] ?? '')) return `upgrade refused: ${lines[0] ?? 'no status line'}`;
  const h = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c > 0) h.set(l.slice(0, c).trim().toLowerCase(), l.slice(c + 1).trim());
  }
  const accept = createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
  if (h.get('sec-websocket-accept') !== accept) return 'bad Sec-WebSocket-Accept';
  if ((h.get('sec-websocket-protocol') ?? '').toLowerCase() !== 'xmpp') return 'server did not accept the xmpp subprotocol';
  return null;
}

/** One masked client frame (FIN set). */
export function encodeFrame(op: Op, payload: Buffer): Buffer {
  const len = payload.length;
  const headLen = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headLen + 4 + len);
  out[0] = 0x80 | op;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    out.writeUInt32BE(len >>> 0, 6);
  }
  const mask = randomBytes(4);
  mask.copy(out, headLen);
  const body = headLen + 4;
  for (let i = 0; i < len; i++) out[body + i] = payload[i]! ^ mask[i & 3]!;
  return out;
}

export interface FrameSink {
  onMessage(data: Buffer): void;
  onPing(data: Buffer): void;
  onCloseFrame(code: number): void;
  onProtocolError(why: string): void;
}

/** Reads server frames from arbitrary chunks; server frames are never masked (§5.1). */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsOp = Op.Text;

  constructor(
    private readonly sink: FrameSink,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 2) {
      const b0 = this.buf[0]!;
      const b1 = this.buf[1]!;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = this.buf.readUInt32BE(2) * 2 ** 32 + this.buf.readUInt32BE(6);
        off = 10;
      }
      if (b1 & 0x80) return this.sink.onProtocolError('masked frame from server');
      if (len > this.maxBytes) return this.sink.onProtocolError(`frame of ${len} bytes`);
      if (this.buf.length < off + len) return;
      const payload = this.buf.subarray(off, off + len);
      this.buf = this.buf.subarray(off + len);
      this.frame(b0 & 0x0f, (b0 & 0x80) !== 0, payload);
    }
  }

  private frame(op: Op, fin: boolean, payload: Buffer): void {
    switch (op) {
      case Op.Ping:
        return this.sink.onPing(Buffer.from(payload));
      case Op.Pong:
        return;
      case Op.Close:
        return this.sink.onCloseFrame(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      case Op.Text:
      case Op.Binary:
      case Op.Continuation: {
        if (op !== Op.Continuation) this.partsOp = op;
        if (fin && this.parts.length === 0) return this.sink.onMessage(Buffer.from(payload));
        this.parts.push(Buffer.from(payload));
        if (fin) {
          const all = Buffer.concat(this.parts);
          this.parts = [];
          this.sink.onMessage(all);
        }
        return;
      }
      default:
        return this.sink.onProtocolError(`unknown opcode ${op}`);
    }
  }
}
