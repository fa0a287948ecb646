import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHandshake, encodeFrame, FrameReader, Op, WS_GUID, type FrameSink } from './ws-codec.js';

function serverFrame(op: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | op, len]) : Buffer.from([(fin ? 0x80 : 0) | op, 126, len >> 8, len & 255]);
  return Buffer.concat([head, payload]);
}

function collect(): FrameSink & { msgs: string[]; pings: number; closes: number[]; errors: string[] } {
  const s = { msgs: [] as string[], pings: 0, closes: [] as number[], errors: [] as string[] };
  return Object.assign(s, {
    onMessage: (d: Buffer) => s.msgs.push(d.toString()),
    onPing: () => void s.pings++,
    onCloseFrame: (c: number) => void s.closes.push(c),
    onProtocolError: (w: string) => void s.errors.push(w),
  });
}

describe('WebSocket codec', () => {
  it('masks client frames so that unmasking gives the payload back', () => {
    const f = encodeFrame(Op.Text, Buffer.from('<open/>'));
    expect(f[0]).toBe(0x81);
    expect(f[1]! & 0x80).toBe(0x80);
    const len = f[1]! & 0x7f;
    const mask = f.subarray(2, 6);
    const body = Buffer.from(f.subarray(6).map((b, i) => b ^ mask[i & 3]!));
    expect(len).toBe(7);
    expect(body.toString()).toBe('<open/>');
    expect(encodeFrame(Op.Text, Buffer.alloc(300))[1]! & 0x7f).toBe(126);
  });

  it('reassembles fragments split across chunks, and reports pings and closes', () => {
    const sink = collect();
    const r = new FrameReader(sink, 1 << 20);
    const wire = Buffer.concat([
      serverFrame(Op.Text, Buffer.from('<message>'), false),
      serverFrame(Op.Continuation, Buffer.from('</message>')),
      serverFrame(Op.Ping, Buffer.from('p')),
      serverFrame(Op.Text, Buffer.alloc(200, 'a')),
      serverFrame(Op.Close, Buffer.from([0x03, 0xe8])),
    ]);
    for (let i = 0; i < wire.length; i += 7) r.push(wire.subarray(i, i + 7));
    expect(sink.msgs).toEqual(['<message></message>', 'a'.repeat(200)]);
    expect(sink.pings).toBe(1);
    expect(sink.closes).toEqual([1000]);
    expect(sink.errors).toEqual([]);
  });

  it('checks the accept key and the xmpp subprotocol', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const accept = createHash('sha1')
      .update(key + WS_GUID)
      .digest('base64');
    expect(checkHandshake(`HTTP/1.1 101 Switching\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: xmpp`, key)).toBeNull();
    expect(checkHandshake(`HTTP/1.1 101 Switching\r\nSec-WebSocket-Accept: ${accept}`, key)).toMatch(/subprotocol/);
    expect(checkHandshake('HTTP/1.1 404 Not Found', key)).toMatch(/refused/);
  });
});
