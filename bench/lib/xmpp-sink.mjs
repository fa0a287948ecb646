// A minimal XMPP c2s peer for bench/throughput-ceiling: cheap enough per stanza that the
// generator, not the server, is what runs out of CPU. Plain Node, no dependencies.
// Usage: node bench/lib/xmpp-sink.mjs --port P [--domain localhost] [--stats FILE]
// - Streams (RFC 6120 §4): the header and <stream:features> go out in one write (Tsung's
//   ack="local" ends at the first TCP chunk). Before auth: SASL PLAIN only, any password
//   (RFC 6120 §6, RFC 4616); after: bind and session (RFC 6120 §7; RFC 3921 §3).
// - iq: bind, session, roster get (empty roster), anything else get/set gets an empty result.
// - presence: available presence is echoed to the sender (RFC 6121 §4.2.2: xload waits for
//   that echo before others may pick the user as destination="online"); nothing else.
// - message: routed by the local part of `to` (bare or full JID, one resource per user) to
//   that user's connection, with from= the sender's full JID; dropped when not online.
// - Framing by string scanning: top-level element boundaries found by counting start and end
//   tags (no attribute value may hold a raw '>', which neither generator sends); stanzas may
//   be split across reads or several may come in one. Bytes read as latin1 and written back
//   as latin1, so a forwarded stanza is byte for byte what came in.
// - Output per connection is gathered and written once per event-loop turn.
// Counts stanzas in and out; every second appends [epoch ms, messages in, messages routed,
// stanzas in, stanzas out, own CPU µs] to a series. On SIGTERM or SIGINT prints one JSON
// object (to stdout and to --stats FILE) and exits.
import net from 'node:net';
import { setImmediate } from 'node:timers';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('port', '5790'));
const domain = opt('domain', 'localhost');
const statsFile = opt('stats', '');

const c = {
  stanzas_in: 0,
  stanzas_out: 0,
  messages_in: 0,
  messages_routed: 0,
  messages_dropped: 0,
  connections: 0,
  peak_connections: 0,
  max_queued_bytes: 0,
};
let open = 0;
let streamSeq = 0;
/** local part -> connection */
const routes = new Map();
/** connections with output waiting for the flush */
const dirty = [];
let flushScheduled = false;

const NS_STREAM = "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'";
const FEATURES_AUTH =
  "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
const FEATURES_BIND =
  "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>";

function flush() {
  flushScheduled = false;
  for (let i = 0; i < dirty.length; i++) {
    const k = dirty[i];
    k.queued = false;
    if (k.out && !k.sock.destroyed) k.sock.write(k.out, 'latin1');
    if (k.sock.writableLength > c.max_queued_bytes) c.max_queued_bytes = k.sock.writableLength;
    k.out = '';
  }
  dirty.length = 0;
}

function send(k, s) {
  k.out += s;
  if (!k.queued) {
    k.queued = true;
    dirty.push(k);
  }
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

/** Value of attribute `name` in the start tag buf[s..e); '' when absent. */
function attr(buf, s, e, name) {
  let i = buf.indexOf(` ${name}=`, s);
  if (i < 0 || i >= e) return '';
  i += name.length + 2;
  const q = buf[i];
  const j = buf.indexOf(q, i + 1);
  return j < 0 ? '' : buf.slice(i + 1, j);
}

function streamOpen(k) {
  send(
    k,
    `<?xml version='1.0'?><stream:stream ${NS_STREAM} id='s${++streamSeq}' from='${domain}' version='1.0'>${k.user ? FEATURES_BIND : FEATURES_AUTH}`,
  );
}

/** One top-level element buf[s..e); `gt` is the end of its start tag. */
function stanza(k, buf, s, gt, e) {
  c.stanzas_in++;
  const c1 = buf.charCodeAt(s + 1);
  if (c1 === 109 /* m */) {
    c.messages_in++;
    let to = attr(buf, s, gt, 'to');
    const at = to.indexOf('@');
    if (at >= 0) to = to.slice(0, at);
    const dest = routes.get(to);
    if (dest === undefined) {
      c.messages_dropped++;
      return;
    }
    c.messages_routed++;
    c.stanzas_out++;
    send(dest, `<message from='${k.jid}'${buf.slice(s + 8, e)}`);
  } else if (c1 === 105 /* i */) {
    const id = attr(buf, s, gt, 'id');
    const type = attr(buf, s, gt, 'type');
    if (type !== 'get' && type !== 'set') return;
    c.stanzas_out++;
    const body = buf.slice(gt, e);
    if (body.includes('xmpp-bind')) {
      const r0 = body.indexOf('<resource>');
      const res = r0 >= 0 ? body.slice(r0 + 10, body.indexOf('</resource>', r0)) : `r${streamSeq}`;
      k.jid = `${k.user}@${domain}/${res}`;
      routes.set(k.user, k);
      send(k, `<iq type='result' id='${id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>${k.jid}</jid></bind></iq>`);
    } else if (body.includes('jabber:iq:roster') && type === 'get') {
      send(k, `<iq type='result' id='${id}'><query xmlns='jabber:iq:roster'/></iq>`);
    } else {
      send(k, `<iq type='result' id='${id}'/>`);
    }
  } else if (c1 === 112 /* p */) {
    if (attr(buf, s, gt, 'type') === '' && k.jid) {
      c.stanzas_out++;
      send(k, `<presence from='${k.jid}' to='${k.jid}'/>`);
    }
  } else if (c1 === 97 /* a */ && buf.startsWith('<auth', s)) {
    // PLAIN: base64(authzid NUL authcid NUL password); the authcid is the user.
    const b64 = buf.slice(gt + 1, buf.indexOf('<', gt + 1));
    const parts = Buffer.from(b64, 'base64').toString('latin1').split('\0');
    const authcid = parts[1] ?? '';
    const at = authcid.indexOf('@');
    k.user = at >= 0 ? authcid.slice(0, at) : authcid;
    c.stanzas_out++;
    send(k, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  }
}

function onData(k, chunk) {
  const buf = k.buf ? k.buf + chunk : chunk;
  let i = k.scan;
  let depth = k.depth;
  let start = k.start;
  let consumed = 0; // everything before this is done with
  for (;;) {
    const lt = buf.indexOf('<', i);
    if (lt < 0) {
      i = buf.length;
      if (depth === 0) consumed = i;
      break;
    }
    const gt = buf.indexOf('>', lt + 1);
    if (gt < 0) {
      i = lt;
      if (depth === 0) consumed = lt;
      break;
    }
    i = gt + 1;
    const c1 = buf.charCodeAt(lt + 1);
    if (c1 === 63 /* ? */ || c1 === 33 /* ! */) {
      if (depth === 0) consumed = i;
    } else if (c1 === 47 /* / */) {
      if (depth === 0) {
        // </stream:stream>
        send(k, '</stream:stream>');
        flush();
        k.sock.end();
        k.buf = '';
        return;
      }
      if (--depth === 0) {
        stanza(k, buf, start, buf.indexOf('>', start), i);
        consumed = i;
      }
    } else if (depth === 0) {
      if (buf.startsWith('stream:stream', lt + 1)) {
        streamOpen(k);
        consumed = i;
      } else if (buf.charCodeAt(gt - 1) === 47 /* / */) {
        stanza(k, buf, lt, gt, i);
        consumed = i;
      } else {
        start = lt;
        depth = 1;
      }
    } else if (buf.charCodeAt(gt - 1) !== 47) {
      depth++;
    }
  }
  k.buf = consumed >= buf.length ? '' : buf.slice(consumed);
  k.scan = i - consumed;
  k.start = start - consumed;
  k.depth = depth;
}

const server = net.createServer({ noDelay: true }, (sock) => {
  c.connections++;
  if (++open > c.peak_connections) c.peak_connections = open;
  const k = { sock, buf: '', scan: 0, start: 0, depth: 0, out: '', queued: false, user: '', jid: '' };
  sock.setEncoding('latin1');
  sock.on('data', (d) => onData(k, d));
  sock.on('error', () => {});
  sock.on('close', () => {
    open--;
    if (k.user && routes.get(k.user) === k) routes.delete(k.user);
  });
});
server.listen(port, '127.0.0.1', () => console.error(`xmpp-sink: listening on 127.0.0.1:${port}`));

const series = [];
const t0 = Date.now();
const sample = () => {
  const u = process.cpuUsage();
  series.push([Date.now(), c.messages_in, c.messages_routed, c.stanzas_in, c.stanzas_out, u.user + u.system]);
};
sample();
setInterval(sample, 1000).unref();

function finish() {
  sample();
  const u = process.cpuUsage();
  const out = { ...c, open, wall_s: (Date.now() - t0) / 1000, cpu_s: (u.user + u.system) / 1e6, series };
  const text = JSON.stringify(out);
  if (statsFile) writeFileSync(statsFile, text);
  process.stdout.write(text + '\n');
  process.exit(0);
}
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
