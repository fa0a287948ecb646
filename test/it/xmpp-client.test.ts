/**
 * The XMPP client layer (src/xmpp) against the real ejabberd and Prosody from the global
 * setup: every login path xload offers, error mapping, and interop with an independent
 * client (@xmpp/client) to prove that what simulated users send is what real clients get.
 * The one login flow (src/xmpp/login) runs here on every transport: TCP, STARTTLS, direct
 * TLS, WebSocket and BOSH, with PLAIN and SCRAM, and resumes a stream (XEP-0198).
 * Users 101..150 are reserved for this file.
 */
import net from 'node:net';
import { client, xml, type XmlElement, type XmppClient } from '@xmpp/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { XloadError } from '../../src/errors.js';
import {
  XmppBosh,
  XmppConnection,
  XmppWebSocket,
  login,
  loginAsync,
  message,
  pingIq,
  iqResult,
  presence,
  type ConnectionHandlers,
  type Frame,
  type LoginOptions,
  type LoginResult,
  type XmppTransport,
} from '../../src/xmpp/index.js';
import { EJABBERD, PROSODY, SERVERS, jid, password, username, type ServerInfo } from './servers.js';

const conns: XmppTransport[] = [];
const clients: XmppClient[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.destroy();
  await Promise.all(clients.splice(0).map((c) => c.stop().catch(() => undefined)));
});

/** Frames seen after login, and a way to wait for one. */
class Inbox implements ConnectionHandlers {
  frames: Frame[] = [];
  closed: XloadError | null | undefined;
  private waiters: { accept: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  onConnected(): void {}
  onStreamOpen(): void {}
  onFrame(f: Frame): void {
    this.frames.push(f);
    this.waiters = this.waiters.filter((w) => !(w.accept(f) && (w.resolve(f), true)));
  }
  onClose(err: XloadError | null): void {
    this.closed = err;
  }
  next(accept: (f: Frame) => boolean, timeoutMs = 15000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
      this.waiters.push({ accept, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  }
}

interface Session {
  conn: XmppTransport;
  inbox: Inbox;
  result: LoginResult;
}

function opts(server: ServerInfo, n: number, extra: Partial<LoginOptions> = {}): LoginOptions {
  return {
    connect: { host: server.host, port: server.port, tls: false, connectTimeoutMs: 5000 },
    domain: server.domain,
    username: username(n),
    password: password(n),
    resource: 'xload-it',
    ...extra,
  };
}

function loginP(o: LoginOptions): Promise<Session> {
  const inbox = new Inbox();
  const conn = new XmppConnection(inbox);
  conns.push(conn);
  return new Promise((resolve, reject) => {
    login(conn, o, (err, result) => (err ? reject(err) : resolve({ conn, inbox, result: result as LoginResult })));
  });
}

const MECHS: Record<string, string[]> = {
  ejabberd: ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
  prosody: ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'],
};

describe.each(SERVERS)('$name', (server) => {
  it.each(MECHS[server.name] ?? [])('logs in with %s and binds', async (mech) => {
    const s = await loginP(opts(server, 101, { mechanism: mech }));
    expect(s.result.mechanism).toBe(mech);
    expect(s.result.jid).toBe(`${jid(101, server)}/xload-it`);
    expect(s.conn.encrypted).toBe(false);
    expect(s.result.timings.authMs).toBeGreaterThan(0);
  });

  it('picks the strongest mechanism with auto', async () => {
    const s = await loginP(opts(server, 102, { mechanism: 'auto' }));
    expect(s.result.mechanism).toBe(MECHS[server.name]?.at(-1));
  });

  it('does STARTTLS, then SCRAM-SHA-1 on the encrypted stream', async () => {
    const s = await loginP(opts(server, 103, { starttls: 'required', mechanism: 'SCRAM-SHA-1' }));
    expect(s.conn.encrypted).toBe(true);
    expect(s.result.jid).toBe(`${jid(103, server)}/xload-it`);
    expect(s.result.timings.tlsMs).toBeGreaterThan(0);
    // The upgraded stream carries stanzas: a ping to the server is answered (XEP-0199).
    const pong = s.inbox.next((f) => f.name === 'iq' && f.attrs.id === 'tlsping');
    s.conn.send(pingIq('tlsping', server.domain));
    expect((await pong).attrs.type).toBe('result');
    const closed = new Promise<XloadError | null>((resolve) => (s.inbox.onClose = resolve));
    s.conn.close();
    expect(await closed).toBeNull();
    expect(s.conn.bytesIn).toBeGreaterThan(500);
    expect(s.conn.stanzasOut).toBeGreaterThanOrEqual(4);
  });

  it('reports a wrong password as auth_failed (not-authorized)', async () => {
    await expect(loginP(opts(server, 104, { password: 'wrong', mechanism: 'SCRAM-SHA-1' }))).rejects.toMatchObject({
      code: 'auth_failed',
      condition: 'not-authorized',
    });
    await expect(loginP(opts(server, 104, { password: 'wrong', mechanism: 'PLAIN' }))).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('answers a ping and closes cleanly', async () => {
    const s = await loginP(opts(server, 105));
    const pong = s.inbox.next((f) => f.name === 'iq' && f.attrs.id === 'p1');
    s.conn.send(pingIq('p1', server.domain));
    expect((await pong).attrs).toMatchObject({ type: 'result', id: 'p1' });
    const closed = new Promise<XloadError | null>((resolve) => (s.inbox.onClose = resolve));
    s.conn.close();
    expect(await closed).toBeNull();
    expect(s.conn.state).toBe('closed');
  });

  it('sends a message that @xmpp/client receives, and answers its ping', async () => {
    const peer = await realClient(server, 107);
    const received = nextStanza(peer, (el) => el.is('message') && el.getChildText('body')?.startsWith('from xload') === true);
    const s = await loginP(opts(server, 106));
    s.conn.send(presence());
    const body = `from xload <&> 'quoted' ${Date.now()}`;
    s.conn.send(message({ to: jid(107, server), type: 'chat', id: 'xm1', body }));
    const msg = await received;
    expect(msg.getChildText('body')).toBe(body);
    expect(msg.attrs.from).toBe(`${jid(106, server)}/xload-it`);
    // XEP-0199 §4.1: the real client pings our full JID; we answer with iqResult.
    const ping = s.inbox.next((f) => f.name === 'iq' && f.attrs.type === 'get' && f.raw.includes('urn:xmpp:ping'));
    const pong = nextStanza(peer, (el) => el.is('iq') && el.attrs.id === 'rp1');
    await peer.send(xml('iq', { type: 'get', id: 'rp1', to: `${jid(106, server)}/xload-it` }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    const p = await ping;
    s.conn.send(iqResult(p.attrs.id ?? '', p.attrs.from));
    expect((await pong).attrs.type).toBe('result');
  });
});

describe('ejabberd only', () => {
  it('logs in over direct TLS on the TLS port', async () => {
    const s = await loginP(
      opts(EJABBERD, 108, { connect: { host: EJABBERD.host, port: EJABBERD.tlsPort ?? 0, tls: true, connectTimeoutMs: 5000 } }),
    );
    expect(s.conn.encrypted).toBe(true);
    expect(s.result.timings.connectMs).toBeGreaterThan(0);
  });

  it('reports a stream error after STARTTLS (session replaced)', async () => {
    const first = await loginP(opts(EJABBERD, 112, { starttls: 'required' }));
    const closed = new Promise<XloadError | null>((resolve) => (first.inbox.onClose = resolve));
    await loginP(opts(EJABBERD, 112));
    expect(await closed).toMatchObject({ code: 'stream_error.conflict' });
  });

  it('binds the socket to another loopback source address', async () => {
    const s = await loginP(
      opts(EJABBERD, 113, {
        connect: { host: EJABBERD.host, port: EJABBERD.port, tls: false, connectTimeoutMs: 5000, localAddress: '127.0.0.2' },
      }),
    );
    expect(s.result.jid).toBe(`${jid(113)}/xload-it`);
  });

  it.each(['legacy-plain', 'legacy-digest'] as const)('authenticates with XEP-0078 %s', async (auth) => {
    const s = await loginP(opts(EJABBERD, 109, { auth }));
    expect(s.result.mechanism).toBe(auth);
    const pong = s.inbox.next((f) => f.name === 'iq' && f.attrs.id === 'lp');
    s.conn.send(pingIq('lp', EJABBERD.domain));
    expect((await pong).attrs.type).toBe('result');
  });

  it('reports a legacy auth with a wrong password as auth_failed', async () => {
    await expect(loginP(opts(EJABBERD, 109, { auth: 'legacy-digest', password: 'nope' }))).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('reports the old session replaced by a new login as stream_error.conflict', async () => {
    const first = await loginP(opts(EJABBERD, 110));
    const closed = new Promise<XloadError | null>((resolve) => (first.inbox.onClose = resolve));
    await loginP(opts(EJABBERD, 110));
    expect(await closed).toMatchObject({ code: 'stream_error.conflict', condition: 'conflict' });
  });
});

type Carrier = 'tcp' | 'starttls' | 'tls' | 'websocket' | 'bosh';

/** A transport of `kind` to `server`, and the login options that reach it. */
function carrier(kind: Carrier, server: ServerInfo, inbox: Inbox): { conn: XmppTransport; o: Partial<LoginOptions> } {
  const at = (port: number, tls: boolean) => ({ host: server.host, port, tls, connectTimeoutMs: 5000 });
  switch (kind) {
    case 'tcp':
      return { conn: new XmppConnection(inbox), o: { connect: at(server.port, false) } };
    case 'starttls':
      return { conn: new XmppConnection(inbox), o: { connect: at(server.port, false), starttls: 'required' } };
    case 'tls':
      return { conn: new XmppConnection(inbox), o: { connect: at(server.tlsPort ?? 0, true) } };
    case 'websocket':
      return { conn: new XmppWebSocket(inbox, { path: server.websocketPath }), o: { connect: at(server.httpPort, false) } };
    case 'bosh':
      return { conn: new XmppBosh(inbox, { path: server.boshPath }), o: { connect: at(server.httpPort, false) } };
  }
}

/** Logs user n in through the one flow (loginAsync) over `kind`. */
async function loginOver(kind: Carrier, server: ServerInfo, n: number, extra: Partial<LoginOptions> = {}): Promise<Session> {
  const inbox = new Inbox();
  const { conn, o } = carrier(kind, server, inbox);
  conns.push(conn);
  const result = await loginAsync(conn, { ...opts(server, n), ...o, ...extra });
  return { conn, inbox, result };
}

const CARRIERS: Record<string, Carrier[]> = {
  ejabberd: ['tcp', 'starttls', 'tls', 'websocket', 'bosh'],
  prosody: ['tcp', 'starttls', 'websocket', 'bosh'],
};

describe.each(SERVERS)('one login flow on every transport: $name', (server) => {
  const cases = (CARRIERS[server.name] ?? []).flatMap((kind, k) =>
    ['PLAIN', 'SCRAM-SHA-1'].map((mechanism, m) => ({ kind, mechanism, n: 120 + k * 2 + m })),
  );

  it.each(cases)('$kind with $mechanism: binds, carries a ping, closes cleanly', async ({ kind, mechanism, n }) => {
    const s = await loginOver(kind, server, n, { mechanism });
    expect(s.result.mechanism).toBe(mechanism);
    expect(s.result.jid).toBe(`${jid(n, server)}/xload-it`);
    expect(s.conn.encrypted).toBe(kind === 'starttls' || kind === 'tls');
    if (kind === 'starttls') expect(s.result.timings.tlsMs).toBeGreaterThan(0);
    expect(s.result.features?.bind).toBe(true);
    const pong = s.inbox.next((f) => f.name === 'iq' && f.attrs.id === `p-${kind}`);
    s.conn.send(pingIq(`p-${kind}`, server.domain));
    expect((await pong).attrs.type).toBe('result');
    const closed = new Promise<XloadError | null>((resolve) => (s.inbox.onClose = resolve));
    s.conn.close();
    expect(await closed).toBeNull();
  });

  it('reports a wrong SCRAM password over WebSocket and BOSH as auth_failed', async () => {
    for (const kind of ['websocket', 'bosh'] as const) {
      await expect(loginOver(kind, server, 130, { mechanism: 'SCRAM-SHA-1', password: 'wrong' })).rejects.toMatchObject({
        code: 'auth_failed',
        condition: 'not-authorized',
      });
    }
  });

  it('enables stream management, then resumes the dropped stream on a new connection (XEP-0198)', async () => {
    const first = await loginOver('tcp', server, 131, { sm: { enable: true } });
    const id = first.result.sm?.enabled?.id;
    expect(id).toBeTruthy();
    first.conn.destroy();
    const again = await loginOver('tcp', server, 131, { sm: { resume: { previd: id ?? '', h: 0 }, enable: true } });
    expect(again.result.sm?.resumed).toEqual({ h: expect.any(Number) });
    expect(again.result.jid).toBe('');
    const pong = again.inbox.next((f) => f.name === 'iq' && f.attrs.id === 'p-resumed');
    again.conn.send(pingIq('p-resumed', server.domain));
    expect((await pong).attrs.type).toBe('result');
  });

  it('binds afresh when the stream to resume is unknown, and tells the observer', async () => {
    const failed: (number | undefined)[] = [];
    const inbox = new Inbox();
    const { conn, o } = carrier('tcp', server, inbox);
    conns.push(conn);
    const r = await loginAsync(
      conn,
      { ...opts(server, 132), ...o, sm: { resume: { previd: 'no-such-stream', h: 0 }, enable: true } },
      {
        onResumeFailed: (h) => failed.push(h),
      },
    );
    expect(failed).toHaveLength(1);
    expect(r.sm).toMatchObject({ resumed: null, enabled: { id: expect.any(String) } });
    expect(r.jid).toBe(`${jid(132, server)}/xload-it`);
  });

  // A stanza sent just after a BOSH response races the empty request parked in its wake over
  // two connections; when it reached ejabberd first, ejabberd held both for its 30 s wait
  // (about 3 % of these logins did, before src/xmpp/bosh.ts gave the park a head start).
  it('over BOSH, answers a stanza sent at once, a turn or a few ms after login, every time', async () => {
    const missed: number[] = [];
    for (let i = 0; i < 150; i++) {
      const s = await loginOver('bosh', server, 133);
      if (i % 3 === 1) await new Promise((r) => setImmediate(r));
      if (i % 3 === 2) await new Promise((r) => setTimeout(r, i % 4));
      const pong = s.inbox.next((f) => f.name === 'iq' && f.attrs.id === `race-${i}`, 3000).catch(() => null);
      s.conn.send(pingIq(`race-${i}`, server.domain));
      if ((await pong) === null) missed.push(i);
      s.conn.destroy();
    }
    expect(missed).toEqual([]);
  }, 120_000);
});

describe('connect errors', () => {
  it('maps a closed port to connect_refused', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await expect(
      loginP(opts(PROSODY, 111, { connect: { host: '127.0.0.1', port, tls: false, connectTimeoutMs: 2000 } })),
    ).rejects.toMatchObject({
      code: 'connect_refused',
    });
  });
});

/** An independent real client, logged in with PLAIN over plain TCP and available. */
async function realClient(server: ServerInfo, n: number): Promise<XmppClient> {
  const c = client({
    service: `xmpp://${server.host}:${server.port}`,
    domain: server.domain,
    resource: 'real',
    credentials: (authenticate) => authenticate({ username: username(n), password: password(n) }, 'PLAIN'),
  });
  // Keep @xmpp/client off STARTTLS (it upgrades whenever offered), as servers.test.ts does.
  c.prependListener('element', (el: XmlElement) => {
    if (el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((ch) => typeof ch === 'string' || ch.name !== 'starttls');
    }
  });
  c.on('error', () => undefined);
  clients.push(c);
  await c.start();
  await c.send(xml('presence'));
  return c;
}

function nextStanza(c: XmppClient, accept: (el: XmlElement) => boolean, timeoutMs = 15000): Promise<XmlElement> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('stanza', on);
      reject(new Error('no matching stanza in time'));
    }, timeoutMs);
    function on(el: XmlElement): void {
      if (!accept(el)) return;
      clearTimeout(timer);
      c.off('stanza', on);
      resolve(el);
    }
    c.on('stanza', on);
  });
}
