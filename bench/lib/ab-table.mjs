// Prints bench/ab's results: per scenario and variant, the median of each figure over the
// clean runs (runs with errors are counted and left out). Usage: node ab-table.mjs DIR
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figures = [
  ['CPU s', (r) => r.measure.cpu_s, 2],
  ['user s', (r) => r.measure.cpu_user_s, 2],
  ['sys s', (r) => r.measure.cpu_sys_s, 2],
  ['peak RSS MiB', (r) => r.measure.peak_tree_rss_kib / 1024, 1],
  ['peak connected', (r) => r.measure.peak_connected, 0],
  ['stanzas', (r) => r.stats.stanzas, 0],
  ['CPU ms/1k stanzas', (r) => (r.measure.cpu_s * 1e6) / r.stats.stanzas, 1],
  ['GC pauses', (r) => r.stats.gc?.count ?? NaN, 0],
  ['GC pauses/1k stanzas', (r) => (1000 * (r.stats.gc?.count ?? NaN)) / r.stats.stanzas, 2],
  ['GC pause p99 ms', (r) => r.stats.gc?.p99_ms ?? NaN, 2],
];
let failed = 0;
for (const s of readdirSync(dir).sort()) {
  const byVariant = new Map();
  for (const f of readdirSync(join(dir, s)).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, s, f), 'utf8'));
    const name = f.replace(/^\d+-/, '').replace(/\.json$/, '');
    if (!byVariant.has(name)) byVariant.set(name, { ok: [], bad: 0 });
    if (r.stats.ok && r.measure.status === 0) byVariant.get(name).ok.push(r);
    else {
      byVariant.get(name).bad++;
      failed++;
    }
  }
  const names = [...byVariant.keys()];
  console.log(`\n${s} (median of clean runs)`);
  console.log(['figure', ...names].join(' | '));
  console.log(['runs (failed)', ...names.map((n) => `${byVariant.get(n).ok.length} (${byVariant.get(n).bad})`)].join(' | '));
  for (const [label, get, digits] of figures) {
    console.log([label, ...names.map((n) => median(byVariant.get(n).ok.map(get)).toFixed(digits))].join(' | '));
  }
  console.log(
    [
      'CPU s each run',
      ...names.map((n) =>
        byVariant
          .get(n)
          .ok.map((r) => r.measure.cpu_s.toFixed(2))
          .join(' '),
      ),
    ].join(' | '),
  );
}
process.exit(failed > 0 ? 1 : 0);
