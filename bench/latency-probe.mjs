// An independent, nearly idle observer of the server's message latency, to subtract from
// xload's xmpp_msg_latency measured at the same time: two raw xload connections (no engine,
// no scheduler) log in as userA and userB, A sends B a chat every INTERVAL ms carrying its
// send time, and B records send->receipt (one process, one clock). What the probe sees is
// the server's and the kernel's latency under the load of the moment; what xload reports on
// top of that is what the generator adds. Needs `npm run build`.
// It also measures its own event loop as xload's workers do (xload_loop_delay: how late a
// 10 ms timer runs): in an otherwise idle process that is the machine's own scheduling noise
// (other processes, the server, the hypervisor), the floor under any generator's figures.
// Usage: node bench/latency-probe.mjs PORT SECONDS [INTERVAL_MS=20] [A=19901] [B=19902]
// Prints one JSON line: { count, lost, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, lag: { p50_ms, p99_ms, max_ms } }.
import { XmppConnection, login, presence, message } from '../dist/xmpp/index.js';

const [port, seconds, interval = 20, a = 19901, b = 19902] = process.argv.slice(2).map(Number);
const samples = [];
let sent = 0;
const noop = { onConnected() {}, onStreamOpen() {}, onFrame() {}, onClose() {} };
const receiver = {
  ...noop,
  onFrame(f) {
    if (f.name !== 'message') return;
    const m = /<body>p(\d+\.\d+)<\/body>/.exec(f.raw);
    if (m) samples.push(performance.now() - Number(m[1]));
  },
};

function open(n, handlers) {
  const conn = new XmppConnection(handlers);
  const o = {
    connect: { host: '127.0.0.1', port, tls: false, connectTimeoutMs: 10000 },
    domain: 'localhost',
    username: `user${n}`,
    password: `pwd${n}`,
    resource: 'probe',
    mechanism: 'PLAIN',
  };
  return new Promise((resolve, reject) => login(conn, o, (err) => (err ? reject(err) : (conn.send(presence()), resolve(conn)))));
}

const rx = await open(b, receiver);
const tx = await open(a, noop);
await new Promise((r) => setTimeout(r, 500));
const end = performance.now() + seconds * 1000;
const lags = [];
let lagDue = performance.now() + 10;
const lagTick = () => {
  const now = performance.now();
  lags.push(Math.max(0, now - lagDue));
  if (now < end) {
    lagDue = now + 10;
    setTimeout(lagTick, 10);
  }
};
setTimeout(lagTick, 10);
const timer = setInterval(() => {
  if (performance.now() >= end) return;
  sent++;
  tx.send(message({ to: `user${b}@localhost`, type: 'chat', body: `p${performance.now().toFixed(3)}` }));
}, interval);
await new Promise((r) => setTimeout(r, seconds * 1000 + 2000));
clearInterval(timer);
tx.close();
rx.close();
const s = samples.sort((x, y) => x - y);
const l = lags.sort((x, y) => x - y);
const q = (a, p) => (a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : NaN);
const r3 = (x) => Math.round(x * 1000) / 1000;
const lag = { p50_ms: r3(q(l, 0.5)), p99_ms: r3(q(l, 0.99)), max_ms: r3(l[l.length - 1] ?? NaN) };
console.log(
  JSON.stringify({
    count: s.length,
    lost: sent - s.length,
    p50_ms: r3(q(s, 0.5)),
    p90_ms: r3(q(s, 0.9)),
    p99_ms: r3(q(s, 0.99)),
    p999_ms: r3(q(s, 0.999)),
    max_ms: r3(s[s.length - 1] ?? NaN),
    lag,
  }),
);
setTimeout(() => process.exit(0), 300).unref();
