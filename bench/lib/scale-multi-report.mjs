// bench/scale-multi's verdict: connected users per server, xload's processes and their
// RSS, CPU, and the first error class that appeared (stats.ndjson).
// Usage: node scale-multi-report.mjs MEASURE_JSON WATCH_JSON XLOAD_RUN_DIR SERVERS_ALIVE TARGET IPS
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [measureFile, watchFile, runDir, alive, target, ips] = process.argv.slice(2);
const m = JSON.parse(readFileSync(measureFile, 'utf8'));
const w = existsSync(watchFile) ? JSON.parse(readFileSync(watchFile, 'utf8')) : { peak_total: 0, ports: [], processes: [], peak_tree_kib: 0 };
const ndjson = join(runDir, 'stats.ndjson');
let first = null;
let maxGauge = 0;
if (existsSync(ndjson)) {
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line);
    if (rec.type !== 'interval') continue;
    maxGauge = Math.max(maxGauge, rec.gauges?.users_connected ?? 0);
    for (const [cls, n] of Object.entries(rec.errors ?? {})) {
      const at = rec.errors_first_seen?.[cls] ?? 0;
      if (n > 0 && (!first || at < first.at)) first = { cls, at, t_s: rec.t_s, connected: rec.gauges?.users_connected ?? 0 };
    }
  }
}
let summary = null;
try { summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')); } catch { /* none */ }
const errs = summary ? Object.entries(summary.errors ?? {}).filter(([, n]) => n > 0) : [];
const mib = (kib) => (kib / 1024).toFixed(0);
const treeKiB = Math.max(m.peak_tree_rss_kib, w.peak_tree_kib);

console.log(`target ${target} idle users from ${ips} source address(es)`);
console.log(`peak connected, all servers (ESTABLISHED sockets, /proc/net/tcp): ${w.peak_total}; xload's own gauge: ${maxGauge}`);
console.log(`  per server (peak): ${w.ports.map((p) => `${p.name} ${p.peak}`).join(', ')}`);
console.log(`xload processes (peak RSS each): ${w.processes.map((p) => `${p.role} ${mib(p.peak_kib)} MiB`).join(', ')}`);
console.log(`xload peak RSS, whole tree: ${mib(treeKiB)} MiB = ${(treeKiB / Math.max(1, w.peak_total)).toFixed(1)} KiB per connected user`);
console.log(`xload CPU ${m.cpu_s.toFixed(2)} s (user ${m.cpu_user_s}, sys ${m.cpu_sys_s}); wall ${m.wall_s} s; exit ${m.status}${m.timedOut ? ' (timed out)' : ''}`);
console.log(`servers ${alive === 'yes' ? 'all still running' : `NOT all running at the end: ${alive}`}`);
if (first) {
  console.log(`first error class: ${first.cls} at ${new Date(first.at).toISOString()} (t=${first.t_s} s), ${first.connected} users connected then`);
  console.log(`errors: ${errs.map(([k, n]) => `${k} ${n}`).join(', ')}`);
} else if (summary && summary.status === 'completed' && alive === 'yes' && m.status === 0) {
  console.log(`no error: ${summary.users.started} users started, ${summary.users.failed} failed`);
} else {
  console.log(`FAILED: the run did not complete (status ${summary?.status ?? 'no summary'}, exit ${m.status})`);
}
