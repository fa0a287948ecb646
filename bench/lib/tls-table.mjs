// Prints bench/tls-cost's results: per variant, the medians over rounds of the whole-run
// CPU and peak RSS with 1 user and with N, and the per-user differences (one login's CPU,
// one connected user's RSS). A run with errors is counted and left out.
// Usage: node tls-table.mjs DIR N
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, nArg] = process.argv.slice(2);
const n = Number(nArg);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
let failed = 0;
for (const v of readdirSync(dir).sort()) {
  const runs = { 1: [], [n]: [] };
  for (const f of readdirSync(join(dir, v)).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, v, f), 'utf8'));
    const users = Number(f.replace(/\.json$/, '').split('-')[1]);
    if (!(users in runs)) continue;
    if (r.stats.ok && r.measure.status === 0 && r.measure.peak_connected >= users) runs[users].push(r);
    else {
      failed++;
      console.error(
        `left out: ${v}/${f} (${r.stats.problems?.join('; ') || `exit ${r.measure.status}`}, peak connected ${r.measure.peak_connected})`,
      );
    }
  }
  const cpu = (u) => median(runs[u].map((r) => r.measure.cpu_s));
  const rss = (u) => median(runs[u].map((r) => r.measure.peak_tree_rss_kib / 1024));
  rows.push({
    v,
    clean: `${runs[1].length}+${runs[n].length}`,
    cpu1: cpu(1),
    cpuN: cpu(n),
    rss1: rss(1),
    rssN: rss(n),
    msPerLogin: ((cpu(n) - cpu(1)) * 1000) / (n - 1),
    kibPerUser: ((rss(n) - rss(1)) * 1024) / (n - 1),
  });
}
console.log(`\n${n} users (median of clean runs)`);
console.log(
  '| variant | clean runs (1 + N) | CPU s, 1 user | CPU s, N | CPU ms per login | peak RSS MiB, 1 | peak RSS MiB, N | RSS KiB per user |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.v} | ${r.clean} | ${r.cpu1.toFixed(2)} | ${r.cpuN.toFixed(2)} | ${r.msPerLogin.toFixed(2)} | ${r.rss1.toFixed(1)} | ${r.rssN.toFixed(1)} | ${r.kibPerUser.toFixed(1)} |`,
  );
const by = Object.fromEntries(rows.map((r) => [r.v, r]));
const ratio = (a, b, k) => (by[a] && by[b] ? `${(by[a][k] / by[b][k]).toFixed(2)}` : 'n/a');
console.log(
  `\nxload-tls / tsung-tls: CPU per login ${ratio('xload-tls', 'tsung-tls', 'msPerLogin')}, RSS per user ${ratio('xload-tls', 'tsung-tls', 'kibPerUser')}`,
);
console.log(
  `xload-scram256 / tsung-tls: CPU per login ${ratio('xload-scram256', 'tsung-tls', 'msPerLogin')}, RSS per user ${ratio('xload-scram256', 'tsung-tls', 'kibPerUser')}`,
);
if (failed) {
  console.log(`${failed} run(s) left out`);
  process.exitCode = 1;
}
