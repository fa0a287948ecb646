// A loopback TCP proxy that delays every chunk by a known time, both ways, in order: the
// "link of known delay" bench/latency-vs-tsung puts between the generators (and the probe)
// and the server, so a message's true latency is the server's plus 2 x DELAY_MS, the same
// for every client in the same minutes. It reports how late it forwarded chunks past their
// due time (its own timer lateness, part of what every client sees alike).
// Usage: node bench/lib/delay-proxy.mjs LISTEN_PORT TARGET_PORT DELAY_MS
// Prints "ready" once listening; on SIGTERM or SIGINT one JSON line
// { connections, chunks, late: { p50_ms, p99_ms, max_ms } } and exits.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const [listenPort, targetPort, delayMs] = process.argv.slice(2).map(Number);
if (![listenPort, targetPort, delayMs].every(Number.isFinite) || delayMs < 0) {
  console.error('usage: node bench/lib/delay-proxy.mjs LISTEN_PORT TARGET_PORT DELAY_MS');
  process.exit(2);
}

const late = [];
let connections = 0;
let chunks = 0;

/** One direction: chunks are written DELAY_MS after they arrived, in arrival order. */
function pipeDelayed(from, to) {
  const queue = [];
  let timer = null;
  let ended = false;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (queue.length && queue[0].due <= now) {
      const c = queue.shift();
      late.push(now - c.due);
      chunks++;
      if (!to.destroyed) to.write(c.buf);
    }
    if (queue.length) timer = setTimeout(flush, Math.max(0, queue[0].due - now));
    else if (ended && !to.destroyed) to.end();
  };
  from.on('data', (buf) => {
    queue.push({ buf, due: performance.now() + delayMs });
    timer ??= setTimeout(flush, delayMs);
  });
  from.on('end', () => {
    ended = true;
    if (!queue.length && !timer && !to.destroyed) to.end();
  });
}

const server = net.createServer((client) => {
  connections++;
  client.setNoDelay(true);
  const upstream = net.connect({ host: '127.0.0.1', port: targetPort }, () => upstream.setNoDelay(true));
  pipeDelayed(client, upstream);
  pipeDelayed(upstream, client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(listenPort, '127.0.0.1', () => console.log('ready'));

const pct = (s, p) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null);
function report() {
  const s = late.sort((a, b) => a - b);
  const r = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  console.log(JSON.stringify({ connections, chunks, late: { p50_ms: r(pct(s, 50)), p99_ms: r(pct(s, 99)), max_ms: r(s.at(-1) ?? null) } }));
  process.exit(0);
}
process.on('SIGTERM', report);
process.on('SIGINT', report);
