import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { XloadError } from '../errors.js';
import { startFakePeer, serverHeader, type FakePeer, type PeerStep } from '../../test/fakepeer/peer.js';
import { XmppConnection } from './connection.js';
import type { Frame } from './framer.js';

let peer: FakePeer | null = null;
afterEach(async () => {
  await peer?.close();
  peer = null;
});

interface Outcome {
  frames: Frame[];
  opened: number;
  err: XloadError | null;
  conn: XmppConnection;
}

/** Connects to a fake peer running `script`, opens a stream, and resolves at onClose. */
async function runAgainst(script: PeerStep[], after?: (c: XmppConnection, f: Frame) => void): Promise<Outcome> {
  peer = await startFakePeer(script);
  const port = peer.port;
  return new Promise((resolve) => {
    const frames: Frame[] = [];
    let opened = 0;
    const conn: XmppConnection = new XmppConnection(
      {
        onConnected: () => conn.openStream('localhost'),
        onStreamOpen: () => opened++,
        onFrame: (f) => {
          frames.push(f);
          after?.(conn, f);
        },
        onClose: (err) => resolve({ frames, opened, err, conn }),
      },
      { maxStanzaBytes: 1000 },
    );
    conn.connect({ host: '127.0.0.1', port, tls: false, connectTimeoutMs: 2000 });
  });
}

describe('XmppConnection against a scripted fake peer', () => {
  it('reports malformed XML as xml_malformed and answers with a not-well-formed stream error', async () => {
    const r = await runAgainst([
      { expect: '<stream:stream' },
      { send: `${serverHeader()}<message><body>hi</message>` },
      { expect: '</stream:stream>' },
      { end: true },
    ]);
    expect(r.err?.code).toBe('xml_malformed');
    expect(r.conn.state).toBe('closed');
    expect(peer?.received[0]).toContain('<not-well-formed');
  });

  it('reports a close in the middle of a stanza as closed_by_server', async () => {
    const r = await runAgainst([
      { expect: '<stream:stream' },
      { send: `${serverHeader()}<iq id='1' type='result'/><message><body>cut he` },
      { end: true },
    ]);
    expect(r.frames.map((f) => f.name)).toEqual(['iq']);
    expect(r.err?.code).toBe('closed_by_server');
  });

  it('reports an oversize stanza as stanza_too_large', async () => {
    const r = await runAgainst([
      { expect: '<stream:stream' },
      { send: `${serverHeader()}<message><body>${'x'.repeat(2000)}</body></message>` },
      { sleepMs: 200 },
      { end: true },
    ]);
    expect(r.err?.code).toBe('stanza_too_large');
    expect(peer?.received[0]).toContain('<policy-violation');
  });

  it('reports a stream error with its condition and text', async () => {
    const r = await runAgainst([
      { expect: '<stream:stream' },
      {
        send:
          `${serverHeader()}<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>` +
          `<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error></stream:stream>`,
      },
      { end: true },
    ]);
    expect(r.err).toMatchObject({ code: 'stream_error.conflict', condition: 'conflict', text: 'Replaced by new connection' });
  });

  it('closes cleanly: sends </stream:stream>, waits for the server, reports null', async () => {
    const r = await runAgainst(
      [
        { expect: '<stream:stream' },
        { send: `${serverHeader()}<iq id='x' type='result'/>` },
        { expect: '</stream:stream>' },
        { send: '</stream:stream>' },
        { end: true },
      ],
      (c) => c.close(),
    );
    expect(r.err).toBeNull();
    expect(r.opened).toBe(1);
    expect(r.conn.streamId).toBe('fake-1');
    expect(r.conn.stanzasIn).toBe(1);
    expect(r.conn.bytesIn).toBeGreaterThan(100);
    expect(peer?.received[0]?.endsWith('</stream:stream>')).toBe(true);
  });

  it('reports a server-initiated stream close as closed_by_server and answers it', async () => {
    const r = await runAgainst([
      { expect: '<stream:stream' },
      { send: `${serverHeader()}</stream:stream>` },
      { sleepMs: 100 },
      { end: true },
    ]);
    expect(r.err?.code).toBe('closed_by_server');
    expect(peer?.received[0]?.endsWith('</stream:stream>')).toBe(true);
  });
});

describe('XmppConnection connect errors', () => {
  it('maps a refused connection to connect_refused', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const err = await new Promise<XloadError | null>((resolve) => {
      const c = new XmppConnection({
        onConnected: () => undefined,
        onStreamOpen: () => undefined,
        onFrame: () => undefined,
        onClose: resolve,
      });
      c.connect({ host: '127.0.0.1', port, tls: false, connectTimeoutMs: 2000 });
    });
    expect(err?.code).toBe('connect_refused');
  });

  it('maps a TLS handshake that never completes to connect_timeout', async () => {
    peer = await startFakePeer([{ sleepMs: 3000 }]);
    const port = peer.port;
    const t0 = Date.now();
    const err = await new Promise<XloadError | null>((resolve) => {
      const c = new XmppConnection({
        onConnected: () => undefined,
        onStreamOpen: () => undefined,
        onFrame: () => undefined,
        onClose: resolve,
      });
      c.connect({ host: '127.0.0.1', port, tls: true, connectTimeoutMs: 300 });
    });
    expect(err?.code).toBe('connect_timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('maps direct TLS to a plain-text peer to tls_failed', async () => {
    peer = await startFakePeer([{ send: serverHeader() }, { sleepMs: 500 }]);
    const port = peer.port;
    const err = await new Promise<XloadError | null>((resolve) => {
      const c = new XmppConnection({
        onConnected: () => undefined,
        onStreamOpen: () => undefined,
        onFrame: () => undefined,
        onClose: resolve,
      });
      c.connect({ host: '127.0.0.1', port, tls: true, connectTimeoutMs: 2000 });
    });
    expect(err?.code).toBe('tls_failed');
  });

  it('reports a failed STARTTLS upgrade to startTls() and then onClose, with one error', async () => {
    peer = await startFakePeer([
      { expect: '<stream:stream' },
      { send: `${serverHeader()}<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>` },
      { sleepMs: 50 },
      { send: 'not a TLS record' },
      { sleepMs: 300 },
    ]);
    const port = peer.port;
    const seen: (XloadError | null | undefined)[] = [];
    await new Promise<void>((resolve) => {
      const c: XmppConnection = new XmppConnection({
        onConnected: () => c.openStream('localhost'),
        onStreamOpen: () => undefined,
        onFrame: (f) => {
          if (f.name === 'proceed') c.startTls((err) => seen.push(err));
        },
        onClose: (err) => {
          seen.push(err);
          resolve();
        },
      });
      c.connect({ host: '127.0.0.1', port, tls: false, connectTimeoutMs: 2000 });
    });
    expect(seen.map((e) => e?.code)).toEqual(['tls_failed', 'tls_failed']);
    expect(seen[0]).toBe(seen[1]);
  });

  it('refuses a second connect (one connection object per socket)', () => {
    const c = new XmppConnection({
      onConnected: () => undefined,
      onStreamOpen: () => undefined,
      onFrame: () => undefined,
      onClose: () => undefined,
    });
    c.close();
    expect(() => c.connect({ host: '127.0.0.1', port: 1, tls: false, connectTimeoutMs: 10 })).toThrow(/bug in xload/);
  });
});
