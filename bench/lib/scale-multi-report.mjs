// bench/scale-multi's verdict: connected users per server, xload's processes and their
// RSS, CPU, and the first error class that appeared (stats.ndjson).
// Usage: node scale-multi-report.mjs MEASURE_JSON WATCH_JSON XLOAD_RUN_DIR SERVERS_ALIVE TARGET IPS
import { readFileSync, existsSync } from 'node:fs';
import { readRun, printVerdict } from './run-verdict.mjs';

const [measureFile, watchFile, runDir, alive, target, ips] = process.argv.slice(2);
const m = JSON.parse(readFileSync(measureFile, 'utf8'));
const w = existsSync(watchFile)
  ? JSON.parse(readFileSync(watchFile, 'utf8'))
  : { peak_total: 0, ports: [], processes: [], peak_tree_kib: 0 };
const run = readRun(runDir);
const { maxGauge } = run;
const mib = (kib) => (kib / 1024).toFixed(0);
const treeKiB = Math.max(m.peak_tree_rss_kib, w.peak_tree_kib);

console.log(`target ${target} idle users from ${ips} source address(es)`);
console.log(`peak connected, all servers (ESTABLISHED sockets, /proc/net/tcp): ${w.peak_total}; xload's own gauge: ${maxGauge}`);
console.log(`  per server (peak): ${w.ports.map((p) => `${p.name} ${p.peak}`).join(', ')}`);
console.log(`xload processes (peak RSS each): ${w.processes.map((p) => `${p.role} ${mib(p.peak_kib)} MiB`).join(', ')}`);
console.log(`xload peak RSS, whole tree: ${mib(treeKiB)} MiB = ${(treeKiB / Math.max(1, w.peak_total)).toFixed(1)} KiB per connected user`);
console.log(
  `xload CPU ${m.cpu_s.toFixed(2)} s (user ${m.cpu_user_s}, sys ${m.cpu_sys_s}); wall ${m.wall_s} s; exit ${m.status}${m.timedOut ? ' (timed out)' : ''}`,
);
console.log(`servers ${alive === 'yes' ? 'all still running' : `NOT all running at the end: ${alive}`}`);
printVerdict(run, alive === 'yes', m.status);
