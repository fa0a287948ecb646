// Framer throughput on a realistic inbound stanza mix (chat messages with stamps,
// presences, iq results, a roster), fed in TCP-sized chunks. Needs `npm run build`.
// Usage: node bench/framer.mjs [MiB=64]
// Rates are per CPU-second (process.cpuUsage), so a busy machine does not skew them.
// Prints MB/s for xload's StreamFramer and, for comparison, @xmpp/xml's (ltx) stream parser.
import { StreamFramer } from '../dist/xmpp/framer.js';
import xmppXml from '@xmpp/xml';

const MIB = Number(process.argv[2] ?? 64);
const header = `<?xml version='1.0'?><stream:stream id='1' version='1.0' xml:lang='en' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' xmlns='jabber:client'>`;
const mix = [
  (i) =>
    `<message xml:lang='en' to='user${i}@localhost/tsung' from='user${i + 1}@localhost/tsung' type='chat' id='m${i}'><body>${'hello world, a chat message of moderate length; '.repeat(2)}</body><x xmlns='urn:xload:stamp' run='r1' seq='${i}' t='1700000000${i % 1000}'/></message>`,
  (i) =>
    `<presence xml:lang='en' to='user${i}@localhost/tsung' from='user${i + 7}@localhost/tsung'><show>away</show><status>busy &amp; away</status><priority>1</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://tsung' ver='abc='/></presence>`,
  (i) => `<iq xml:lang='en' to='user${i}@localhost/tsung' from='localhost' type='result' id='p${i}'/>`,
  (i) =>
    `<message xml:lang='en' to='user${i}@localhost/tsung' from='room@conference.localhost/nick${i}' type='groupchat' id='g${i}'><body>${'x'.repeat(300)}</body><stanza-id xmlns='urn:xmpp:sid:0' by='room@conference.localhost' id='${i}'/></message>`,
  (i) =>
    `<iq xml:lang='en' to='user${i}@localhost/tsung' from='user${i}@localhost' type='result' id='r${i}'><query xmlns='jabber:iq:roster'>${Array.from({ length: 10 }, (_, k) => `<item subscription='both' jid='user${k}@localhost'><group>g</group></item>`).join('')}</query></iq>`,
];
let body = '';
let stanzas = 0;
while (body.length < 1 << 20) body += mix[stanzas % mix.length](stanzas++) + (stanzas % 50 === 0 ? ' ' : '');
const reps = MIB;
const bytes = Buffer.byteLength(body) * reps;

function chunks(size) {
  const out = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

function benchFramer(chunkSize) {
  const cs = chunks(chunkSize);
  let n = 0;
  const f = new StreamFramer({
    onStreamOpen() {},
    onFrame() {
      n++;
    },
    onStreamClose() {},
    onError(e) {
      throw e;
    },
  });
  f.push(header);
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const c of cs) f.push(c);
  const cu = process.cpuUsage(c0);
  const s = (cu.user + cu.system) / 1e6;
  return { s, n };
}

function benchLtx(chunkSize) {
  const cs = chunks(chunkSize);
  let n = 0;
  const p = new xmppXml.Parser();
  p.on('element', () => n++);
  p.on('error', (e) => {
    throw e;
  });
  p.write(header);
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const c of cs) p.write(c);
  const cu = process.cpuUsage(c0);
  const s = (cu.user + cu.system) / 1e6;
  return { s, n };
}

benchFramer(16384); // warm-up
for (const size of [1460, 16384, 65536]) {
  const a = benchFramer(size);
  console.log(
    `framer  chunk=${String(size).padStart(5)}  ${(bytes / 1e6 / a.s).toFixed(0).padStart(5)} MB/s  ${(a.n / a.s / 1e6).toFixed(2)} M stanzas/s  (${a.n} stanzas, ${(bytes / 1e6).toFixed(0)} MB)`,
  );
}
const l = benchLtx(16384);
console.log(`@xmpp/xml (ltx) chunk=16384  ${(bytes / 1e6 / l.s).toFixed(0).padStart(5)} MB/s  ${(l.n / l.s / 1e6).toFixed(2)} M stanzas/s`);
