// bench/capacity-proof's table: node bench/lib/capacity-table.mjs RESULTS_DIR QUOTA
// Reads each search's summary.json (capacity section) and each start run's thresholds, and
// prints what issue 15 asks to show: the found level per search and their spread, the
// start runs at the found level and at 1.3x, and the generator-limited verdict.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, quota] = process.argv.slice(2);
const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const fmt = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));

const rows = [];
const found = [];
for (const name of ['search-1', 'search-2', 'search-3', 'search-4', 'limited']) {
  const run = read(join(dir, `${name}.json`));
  if (run === null) continue;
  const cap = read(join(dir, name, 'summary.json'))?.capacity;
  const s = cap?.searches?.[0];
  if (s === undefined) {
    rows.push(`| ${name} | exit ${run.exit}, no capacity summary (see ${name}.out) | | | | | ${run.seconds} s |`);
    continue;
  }
  if (name !== 'limited' && s.verdict === 'found' && s.highest_pass !== null) found.push(s.highest_pass);
  const at = s.levels.find((l) => l.level === s.highest_pass && l.outcome === 'pass');
  rows.push(
    `| ${name}${name === 'limited' ? ` (${quota}% of a core)` : ''} | ${s.verdict}${s.generator_limited_at !== null ? ` at ${s.generator_limited_at}` : ''} (exit ${run.exit}) | ${fmt(s.highest_pass)} | ${fmt(s.lowest_fail)} | ${s.fail_gate ?? s.first_broken_gate ?? '–'} | ${s.levels.length} | ${fmt(at?.latency_ms?.p99)} ms | ${run.seconds} s |`,
  );
}
console.log('| search | verdict | highest pass (users/s) | lowest fail | gate that broke | holds | p99 at the pass | took |');
console.log('|---|---|---:|---:|---|---:|---:|---:|');
for (const r of rows) console.log(r);
if (found.length >= 2) {
  const spread = (Math.max(...found) - Math.min(...found)) / Math.max(...found);
  console.log(
    `\nsearches agree within ${(spread * 100).toFixed(1)}% (${found.join(', ')} users/s): ${spread <= 0.1 ? 'yes' : 'NO'} (target 10%)`,
  );
}
console.log(
  '\n| start run | level (users/s) | exit | thresholds | p99 xmpp_msg_latency | users started / finished | messages sent / delivered / lost | errors |',
);
console.log('|---|---:|---:|---|---:|---|---|---:|');
// One start run each, or N each (capacity-proof --holds N: at-found-1, at-1.3x-1, ...).
const starts = readdirSync(dir)
  .map((f) => /^(at-found|at-1\.3x)(?:-(\d+))?\.json$/.exec(f))
  .filter((m) => m !== null)
  .sort((a, b) => b[1].localeCompare(a[1]) || Number(a[2] ?? 0) - Number(b[2] ?? 0)); // at-found first
const tally = new Map();
for (const [file, kind] of starts) {
  const name = file.slice(0, -'.json'.length);
  const run = read(join(dir, file));
  const sum = read(join(dir, name, 'summary.json'));
  if (run === null || sum === null) continue;
  const t = tally.get(kind) ?? { runs: 0, passed: 0 };
  t.runs++;
  if (run.exit === 0) t.passed++;
  tally.set(kind, t);
  const thr = sum.thresholds.map((t) => `${t.expr}: ${t.ok ? 'pass' : 'FAIL'} (${fmt(t.value, 3)})`).join('; ');
  const errors = Object.values(sum.errors).reduce((a, b) => a + b, 0);
  const m = sum.messages;
  console.log(
    `| ${name} | ${run.level} | ${run.exit} | ${thr} | ${fmt(sum.metrics.xmpp_msg_latency?.p99_ms)} ms | ${sum.users.started} / ${sum.users.finished} | ${m.sent} / ${m.delivered} / ${m.lost} | ${errors} |`,
  );
}
if ([...tally.values()].some((t) => t.runs > 1)) {
  const line = [...tally].map(([k, t]) => `${k}: ${t.passed} of ${t.runs} passed`).join('; ');
  console.log(`\n${line} (a level fails if any of its runs fails, as --trials judges one)`);
}
