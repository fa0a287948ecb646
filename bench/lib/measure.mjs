// Runs one generator command and measures it from the outside, the same way for Tsung and xload.
// Usage: node bench/lib/measure.mjs --json OUT --port SERVER_PORT [--timeout S] -- CMD ARGS...
// - CPU: user+sys of the whole process tree from the kernel's accounting (GNU time's
//   RUSAGE_CHILDREN covers every descendant that was waited for: tsung's sh -> erl -> beam.smp,
//   or node with its worker threads).
// - Peak RSS: the sum of VmRSS over the live process tree, sampled every 250 ms (plus GNU
//   time's max RSS of the largest single process, as a cross-check).
// - Connected users: ESTABLISHED TCP connections to SERVER_PORT from /proc/net/tcp, sampled
//   every 500 ms, so both tools are counted by the same instrument. `series` holds
//   [ms since start, connections, tree RSS KiB] per 500 ms.
// Writes one JSON object to OUT; exits with the command's status (124 on timeout).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0) throw new Error('usage: measure.mjs --json OUT --port P [--timeout S] -- CMD...');
const opts = Object.fromEntries(
  argv
    .slice(0, sep)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((s) => s.trim().split(/\s+/)),
);
const cmd = argv.slice(sep + 1);
const port = Number(opts.port);
const timeoutS = Number(opts.timeout ?? 600);
const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
const tdir = mkdtempSync(join(tmpdir(), 'xload-measure-'));
const tfile = join(tdir, 'time');

function children() {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  return kids;
}

function treeRssKiB(root) {
  const kids = children();
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) sum += Number(m[1]);
    } catch {
      /* gone */
    }
    for (const k of kids.get(pid) ?? []) stack.push(k);
  }
  return sum;
}

function connected() {
  let n = 0;
  const text = readFileSync('/proc/net/tcp', 'utf8');
  let i = text.indexOf('\n') + 1;
  while (i > 0 && i < text.length) {
    const end = text.indexOf('\n', i);
    const line = text.slice(i, end < 0 ? undefined : end);
    // fields: sl local rem st ...; count client-side sockets: remote port = server port, state 01
    const f = line.trim().split(/\s+/, 4);
    if (f[3] === '01' && f[2]?.endsWith(portHex)) n++;
    i = end + 1;
    if (end < 0) break;
  }
  return n;
}

const t0 = Date.now();
const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', tfile, ...cmd], {
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
let peakRss = 0;
let lastRss = 0;
let peakConn = 0;
const series = [];
const rssTimer = setInterval(() => {
  lastRss = treeRssKiB(child.pid);
  peakRss = Math.max(peakRss, lastRss);
}, 250);
const connTimer = setInterval(() => {
  const c = connected();
  peakConn = Math.max(peakConn, c);
  series.push([Date.now() - t0, c, lastRss]);
}, 500);
let timedOut = false;
const killer = setTimeout(() => {
  timedOut = true;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}, timeoutS * 1000);

// The child runs in its own process group (so a timeout can kill the whole tree); take it
// down with us when the bench script is interrupted.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    process.exit(130);
  });
}

child.on('exit', (code, signal) => {
  clearInterval(rssTimer);
  clearInterval(connTimer);
  clearTimeout(killer);
  let wall = NaN,
    user = NaN,
    sys = NaN,
    maxRssKiB = NaN;
  try {
    const last = readFileSync(tfile, 'utf8').trim().split('\n').pop();
    [wall, user, sys, maxRssKiB] = last.split(' ').map(Number);
  } catch {
    /* killed before time wrote */
  }
  const status = timedOut ? 124 : (code ?? 128);
  const out = {
    cmd,
    status,
    signal,
    timedOut,
    wall_s: wall,
    cpu_user_s: user,
    cpu_sys_s: sys,
    cpu_s: user + sys,
    peak_tree_rss_kib: peakRss,
    max_single_rss_kib: maxRssKiB,
    peak_connected: peakConn,
    login_rate: loginRate(series, peakConn),
    series,
  };
  writeFileSync(opts.json, JSON.stringify(out));
  process.exit(status);
});

/** Steady ramp rate: connections gained per second between 10% and 90% of the peak. */
function loginRate(s, peak) {
  if (peak < 20) return 0;
  const a = s.find(([, c]) => c >= peak * 0.1);
  const b = s.find(([, c]) => c >= peak * 0.9);
  if (!a || !b || b[0] <= a[0]) return 0;
  return ((b[1] - a[1]) * 1000) / (b[0] - a[0]);
}
