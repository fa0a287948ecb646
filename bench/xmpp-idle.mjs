// Memory and CPU of N idle logged-in xload connections (SASL + bind + presence) in one
// process, against a running server (default: the integration ejabberd on 5222, users
// user1..user(N+100) / pwd1..; users N+1..N+100 warm up the JIT and Node's lazy internals).
// Needs `npm run build`. For RSS figures not inflated by V8's young generation growing:
//   node --expose-gc --max-semi-space-size=1 bench/xmpp-idle.mjs [N=1000] [port=5222] [mechanism=PLAIN]
import { XmppConnection, login, presence } from '../dist/xmpp/index.js';

const N = Number(process.argv[2] ?? 1000);
const PORT = Number(process.argv[3] ?? 5222);
const MECH = process.argv[4] ?? 'PLAIN';
const CONCURRENCY = 50;
const gc = globalThis.gc ?? (() => undefined);
const idle = { onConnected() {}, onStreamOpen() {}, onFrame() {}, onClose() {} };

function mem() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, ext: m.external + m.arrayBuffers };
}

/** Logs users from..to in, CONCURRENCY at a time; resolves with the connections and failures. */
function runLogins(from, to) {
  const conns = [];
  let next = from;
  let finished = 0;
  let failed = 0;
  return new Promise((resolve) => {
    const startOne = () => {
      const n = next++;
      if (n > to) return;
      const conn = new XmppConnection(idle);
      conns.push(conn);
      const o = {
        connect: { host: '127.0.0.1', port: PORT, tls: false, connectTimeoutMs: 10000 },
        domain: 'localhost',
        username: `user${n}`,
        password: `pwd${n}`,
        resource: 'idle',
        mechanism: MECH,
      };
      login(conn, o, (err) => {
        if (err) failed++;
        else conn.send(presence());
        if (++finished === to - from + 1) resolve({ conns, failed });
        else startOne();
      });
    };
    for (let i = 0; i < CONCURRENCY; i++) startOne();
  });
}

const warm = await runLogins(N + 1, N + 100);
for (const c of warm.conns) c.destroy();
await new Promise((r) => setTimeout(r, 500));

const before = mem();
const c0 = process.cpuUsage();
const t0 = performance.now();
const { conns, failed } = await runLogins(1, N);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(c0);
await new Promise((r) => setTimeout(r, 2000)); // presence echoes arrive, GC settles
const after = mem();
const ok = N - failed;
const kib = (b) => (b / 1024).toFixed(1);
console.log(`${ok}/${N} logged in (${MECH}) in ${wall.toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per login`);
console.log(
  `per connection: RSS ${kib((after.rss - before.rss) / ok)} KiB, JS heap ${kib((after.heap - before.heap) / ok)} KiB, external ${kib((after.ext - before.ext) / ok)} KiB`,
);
for (const c of conns) c.destroy();
