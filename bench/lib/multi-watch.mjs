// bench/scale-multi's watcher: every 2 s, the ESTABLISHED client sockets to each server
// port (from /proc/net/tcp, the same instrument as measure.mjs) and the RSS of every xload
// process (the coordinator found by its command line, and its descendants). Prints a line
// every 10 s; on SIGTERM writes the peaks to OUT_JSON and exits.
// Usage: node multi-watch.mjs OUT_JSON MATCH PORT[=NAME] ...   (MATCH: a substring of
// the xload coordinator's command line)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const [out, match, ...portArgs] = process.argv.slice(2);
const ports = portArgs.map((a) => {
  const [p, name] = a.split('=');
  return { port: Number(p), name: name ?? p, hex: `:${Number(p).toString(16).toUpperCase().padStart(4, '0')}`, peak: 0 };
});
let peakTotal = 0;
let peakTreeKiB = 0;
const procPeak = new Map(); // pid -> { role, kib }

function countByPort() {
  const counts = ports.map(() => 0);
  const text = readFileSync('/proc/net/tcp', 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/, 4);
    if (f[3] !== '01' || !f[2]) continue;
    const k = ports.findIndex((p) => f[2].endsWith(p.hex));
    if (k >= 0) counts[k]++;
  }
  return counts;
}

function processes() {
  const info = new Map(); // pid -> { ppid, cmd }
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      info.set(Number(d), { ppid, cmd });
    } catch {
      /* gone */
    }
  }
  // The coordinator: a node process running xload.js on the scenario (not measure.mjs,
  // whose command line names it too); then its descendants (child processes of --processes).
  const isXload = (v) => /^\S*node /.test(v.cmd) && v.cmd.includes(match) && !/measure\.mjs|multi-watch\.mjs/.test(v.cmd);
  const roots = [...info].filter(([, v]) => isXload(v) && !isXload(info.get(v.ppid) ?? { cmd: '' })).map(([pid]) => pid);
  const tree = [];
  const seen = new Set();
  const stack = roots.map((pid) => [pid, 'coordinator']);
  while (stack.length) {
    const [pid, role] = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    tree.push([pid, role]);
    for (const [c, v] of info) if (v.ppid === pid) stack.push([c, /^\S*node /.test(v.cmd) ? 'child process' : v.cmd.split(' ')[0]]);
  }
  return tree.map(([pid, role]) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return { pid, role, kib: m ? Number(m[1]) : 0 };
    } catch {
      return { pid, role, kib: 0 };
    }
  });
}

let tick = 0;
const timer = setInterval(() => {
  const counts = countByPort();
  const total = counts.reduce((a, b) => a + b, 0);
  counts.forEach((c, i) => {
    ports[i].peak = Math.max(ports[i].peak, c);
  });
  peakTotal = Math.max(peakTotal, total);
  const procs = processes();
  const tree = procs.reduce((a, p) => a + p.kib, 0);
  peakTreeKiB = Math.max(peakTreeKiB, tree);
  for (const p of procs) {
    const prev = procPeak.get(p.pid);
    if (!prev || p.kib > prev.kib) procPeak.set(p.pid, { role: p.role, kib: p.kib });
  }
  if (tick++ % 5 === 0) {
    const per = ports.map((p, i) => `${p.name} ${counts[i]}`).join(', ');
    const rss = procs.map((p) => `${p.pid}:${Math.round(p.kib / 1024)}`).join(' ');
    console.error(`[${new Date().toISOString().slice(11, 19)}]   connected ${total} (${per}); xload processes (pid:RSS MiB) ${rss || '-'}`);
  }
}, 2000);

process.on('SIGTERM', () => {
  clearInterval(timer);
  writeFileSync(
    out,
    JSON.stringify({
      peak_total: peakTotal,
      ports: ports.map((p) => ({ port: p.port, name: p.name, peak: p.peak })),
      peak_tree_kib: peakTreeKiB,
      processes: [...procPeak].map(([pid, v]) => ({ pid, role: v.role, peak_kib: v.kib })),
    }),
  );
  process.exit(0);
});
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 3600_000).unref();
