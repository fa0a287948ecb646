/**
 * Proves the integration servers with an independent real client (@xmpp/client): logins
 * with PLAIN and SCRAM-SHA-1 over plain TCP, a message from user1 to user2, and in-band
 * registration (XEP-0077) from loopback. If these fail, no other integration test can be
 * trusted, so they say which server and which step.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { client, xml, type XmlElement, type XmppClient } from '@xmpp/client';
import { afterEach, describe, expect, it } from 'vitest';
import { EJABBERD, SERVERS, boshUrl, jid, password, username, type ServerInfo } from './servers.js';

const open: XmppClient[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop().catch(() => undefined)));
});

/** Logs user n in with the given SASL mechanism over plain TCP. */
async function login(server: ServerInfo, n: number, mechanism: string): Promise<XmppClient> {
  return loginAs(server, username(n), password(n), mechanism);
}

async function loginAs(server: ServerInfo, user: string, pass: string, mechanism: string): Promise<XmppClient> {
  const c = client({
    service: `xmpp://${server.host}:${server.port}`,
    domain: server.domain,
    resource: 'it',
    credentials: (authenticate, offered) => {
      if (!offered.includes(mechanism)) {
        throw new Error(`${server.name} does not offer ${mechanism}: ${offered.join(' ')}`);
      }
      return authenticate({ username: user, password: pass }, mechanism);
    },
  });
  // @xmpp/client upgrades whenever STARTTLS is offered (RFC 6120 §5.3.1 lets the server
  // make it optional); hide the offer so these logins prove the plain-TCP path that
  // load tests use.
  c.prependListener('element', (el: XmlElement) => {
    if (el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((ch) => typeof ch === 'string' || ch.name !== 'starttls');
    }
  });
  c.on('error', () => undefined); // start() rejects with the same error
  open.push(c);
  await c.start();
  return c;
}

/** Waits for the first stanza the predicate accepts, or fails after timeoutMs. */
function nextStanza(c: XmppClient, accept: (el: XmlElement) => boolean, timeoutMs = 5000) {
  return new Promise<XmlElement>((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off('stanza', onStanza);
      reject(new Error('no matching stanza in time'));
    }, timeoutMs);
    function onStanza(el: XmlElement): void {
      if (!accept(el)) return;
      clearTimeout(timer);
      c.off('stanza', onStanza);
      resolve(el);
    }
    c.on('stanza', onStanza);
  });
}

/** The server's first <stream:features> (RFC 6120 §4.3.2) on a raw or direct-TLS socket. */
function features(server: ServerInfo, port: number, secure = false): Promise<string> {
  return rawExchange(server, port, secure, () => null, /<stream:features[\s\S]*<\/stream:features>/);
}

/** XEP-0077 §3.1 in-band registration on a raw socket: register before any login. */
function register(server: ServerInfo, user: string, pass: string): Promise<string> {
  const iq =
    `<iq type='set' id='reg1'><query xmlns='jabber:iq:register'>` + `<username>${user}</username><password>${pass}</password></query></iq>`;
  return rawExchange(server, server.port, false, () => iq, /<iq[^>]*id=['"]reg1['"][\s\S]*?(\/>|<\/iq>)/);
}

/**
 * Opens a stream on a bare socket, sends `afterFeatures()` (if any) once the features are
 * complete, and resolves with the first match of `reply` in what the server sent.
 */
function rawExchange(
  server: ServerInfo,
  port: number,
  secure: boolean,
  afterFeatures: () => string | null,
  reply: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = secure
      ? tls.connect({ port, host: server.host, servername: server.domain, rejectUnauthorized: false })
      : net.connect(port, server.host);
    let buf = '';
    let sent = false;
    const timer = setTimeout(() => done(new Error(`no reply; got: ${buf}`)), 5000);
    function done(err: Error | null, reply = ''): void {
      clearTimeout(timer);
      s.destroy();
      if (err) reject(err);
      else resolve(reply);
    }
    s.on('error', (err) => done(err));
    s.on(secure ? 'secureConnect' : 'connect', () => {
      s.write(
        `<?xml version='1.0'?><stream:stream to='${server.domain}' xmlns='jabber:client' ` +
          `xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
      );
    });
    s.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      // Features may arrive in a later TCP chunk than the stream header (ejabberd does this).
      if (!sent && buf.includes('</stream:features>')) {
        sent = true;
        const next = afterFeatures();
        if (next) s.write(next);
      }
      const found = reply.exec(buf);
      if (found) done(null, found[0]);
    });
  });
}

describe.each(SERVERS)('$name', (server) => {
  it.each(['PLAIN', 'SCRAM-SHA-1'])('logs user1 in with %s over plain TCP', async (mech) => {
    const c = await login(server, 1, mech);
    expect(c.jid?.toString()).toMatch(new RegExp(`^${jid(1, server)}/`));
  });

  it('delivers a chat message from user1 to user2', async () => {
    const [u1, u2] = await Promise.all([login(server, 1, 'PLAIN'), login(server, 2, 'PLAIN')]);
    // A session without initial presence is not "available" (RFC 6121 §4.2): the server
    // would store a message to the bare JID offline. Wait for the presence echo.
    const own = u2.jid?.toString() ?? '';
    const echoed = nextStanza(u2, (el) => el.is('presence') && el.attrs.from === own);
    await u2.send(xml('presence'));
    await echoed;
    const body = `it ${server.name} ${Date.now()} ${Math.random()}`;
    const received = nextStanza(u2, (el) => el.is('message') && el.getChildText('body') === body);
    await u1.send(xml('message', { to: jid(2, server), type: 'chat' }, xml('body', {}, body)));
    const msg = await received;
    expect(msg.attrs.from).toMatch(new RegExp(`^${jid(1, server)}/`));
  });

  it('registers a new account in-band from loopback, which can then log in', async () => {
    const user = `itreg${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const reply = await register(server, user, 'secret');
    expect(reply).toMatch(/type=['"]result['"]/);
    const c = await loginAs(server, user, 'secret', 'PLAIN');
    expect(c.jid?.toString()).toMatch(new RegExp(`^${user}@${server.domain}/`));
  });

  it('has the last of its provisioned users', async () => {
    const c = await login(server, server.users, 'PLAIN');
    expect(c.jid?.toString()).toMatch(new RegExp(`^${jid(server.users, server)}/`));
  });
});

describe('ejabberd specifics', () => {
  it('offers PLAIN and SCRAM-SHA-1/256, optional STARTTLS, IBR and iq:auth', async () => {
    const f = await features(EJABBERD, EJABBERD.port);
    for (const m of ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256']) {
      expect(f).toContain(`<mechanism>${m}</mechanism>`);
    }
    expect(f).toMatch(/<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]\/>/); // not <required/>
    expect(f).toContain('jabber.org/features/iq-register');
    expect(f).toContain('jabber.org/features/iq-auth'); // XEP-0078, Tsung's iq:auth examples
  });

  it('speaks direct TLS on its TLS port', async () => {
    const f = await features(EJABBERD, EJABBERD.tlsPort ?? 0, true);
    expect(f).toContain('<mechanism>PLAIN</mechanism>');
  });

  it('answers the HTTP API from loopback without credentials', async () => {
    const res = await fetch(`http://${EJABBERD.host}:${EJABBERD.httpPort}/api/registered_users`, {
      method: 'POST',
      body: JSON.stringify({ host: EJABBERD.domain }),
    });
    const users = (await res.json()) as string[];
    expect(users).toContain(username(EJABBERD.users));
  });

  it("runs with the open-files limit raised past PAM's 1024", () => {
    const pid = readFileSync(`${EJABBERD.dir}/ejabberd.pid`, 'utf8').trim();
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    expect(Number(line?.split(/\s+/)[3])).toBeGreaterThanOrEqual(10_000);
  });
});

describe.each(SERVERS)('$name over HTTP', (server) => {
  it('serves BOSH (XEP-0206)', async () => {
    const res = await fetch(boshUrl(server), {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body:
        `<body rid='1' to='${server.domain}' xml:lang='en' wait='5' hold='1' ver='1.6' ` +
        `xmpp:version='1.0' xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>`,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('PLAIN');
  });
});
