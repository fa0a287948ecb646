// Per-thread memory probe, preloaded into xload and every worker thread it starts:
//   PROBE_OUT=/tmp/probe.ndjson node --import ./bench/lib/thread-probe.mjs bin/xload.js -f S start ...
// Appends one JSON line per thread every 500 ms: threadId (0 = the coordinator), ms since
// the thread started, the process's VmRSS, this isolate's heapUsed, external and
// arrayBuffers (MiB) and the size of each V8 heap space. The probe's own cost is small but
// not nothing: compare runs made with it only with each other.
import { getHeapSpaceStatistics } from 'node:v8';
import { appendFileSync, readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const out = process.env.PROBE_OUT;
const t0 = Date.now();
const mib = (b) => +(b / 1048576).toFixed(1);
const tick = () => {
  const rssKib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace('_space', ''), mib(s.space_size)]));
  const m = process.memoryUsage();
  const row = {
    th: threadId,
    t: Date.now() - t0,
    rss: mib(rssKib * 1024),
    heapUsed: mib(m.heapUsed),
    ext: mib(m.external),
    ab: mib(m.arrayBuffers),
    ...spaces,
  };
  appendFileSync(out, `${JSON.stringify(row)}\n`);
};
if (out) setInterval(tick, 500).unref();
