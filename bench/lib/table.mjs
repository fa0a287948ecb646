// Prints bench/vs-tsung's table from its round files: RESULTS/<scenario>/<round>-<tool>.json,
// each { tool, measure (bench/lib/measure.mjs), stats (bench/lib/tool-stats.mjs) }.
// Median over the rounds in which both tools ran clean; a failed run prints FAILED and its
// reason instead of figures. Usage: node bench/lib/table.mjs RESULTS [--markdown]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
const md = process.argv.includes('--markdown');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** Figures of one clean run; Tsung does not count stanzas, so its count is its finished
 * sessions times xload's stanzas per finished session in the same round (same scenario,
 * same server: the stanzas exchanged per session do not depend on the generator; the
 * bytes per session, which both count, are printed as a check). */
function figures(run, xloadPeer) {
  const m = run.measure,
    s = run.stats;
  const perSession = run.tool === 'xload' ? s.stanzas / s.finished : xloadPeer.stats.stanzas / xloadPeer.stats.finished;
  const stanzas = run.tool === 'xload' ? s.stanzas : perSession * s.finished;
  return {
    users: s.users,
    peak_connected: m.peak_connected,
    peak_rss_mib: m.peak_tree_rss_kib / 1024,
    rss_per_user_kib: m.peak_tree_rss_kib / Math.max(1, m.peak_connected),
    rss_slope_kib: slope(m.series ?? [], m.peak_connected),
    cpu_s: m.cpu_s,
    cpu_ms_per_1k_stanzas: (m.cpu_s * 1000) / (stanzas / 1000),
    login_rate: m.login_rate,
    errors: Object.values(s.errors).reduce((a, b) => a + b, 0),
    bytes_per_session: s.bytes / Math.max(1, s.finished),
    messages: s.messages ?? 0,
    lost: s.lost ?? 0,
    p99: s.latency?.p99_ms ?? NaN,
  };
}

/** KiB of tree RSS per additional connected user while the ramp goes from 25% to 99% of
 * the peak: the cost of one more user without the process's fixed baseline. */
function slope(series, peak) {
  const a = series.find(([, c]) => c >= peak * 0.25);
  const b = series.find(([, c]) => c >= peak * 0.99);
  return a && b && b[1] > a[1] ? (b[2] - a[2]) / (b[1] - a[1]) : NaN;
}

function failure(run) {
  if (!run) return 'no result (the run did not start)';
  const m = run.measure;
  if (m.timedOut) return 'timed out';
  if (m.status !== 0) return `exit status ${m.status}${run.stats.problems.length ? `; ${run.stats.problems.join('; ')}` : ''}`;
  if (!run.stats.ok) return run.stats.problems.join('; ');
  return null;
}

const cols = [
  ['users', 'users started', 0],
  ['peak_connected', 'peak connected', 0],
  ['peak_rss_mib', 'peak RSS MiB', 1],
  ['rss_per_user_kib', 'RSS/connected user KiB', 1],
  ['rss_slope_kib', 'RSS/added user KiB (slope)', 1],
  ['cpu_s', 'CPU s (user+sys)', 2],
  ['cpu_ms_per_1k_stanzas', 'CPU ms/1k stanzas', 1],
  ['login_rate', 'login rate /s', 0],
  ['errors', 'errors', 0],
  ['bytes_per_session', 'bytes/session (check)', 0],
];
let anyFailed = false;
for (const scenario of readdirSync(root).sort()) {
  const files = readdirSync(join(root, scenario)).filter((f) => f.endsWith('.json'));
  const rounds = [...new Set(files.map((f) => f.split('-')[0]))].sort();
  const good = { xload: [], tsung: [] };
  const lines = [];
  for (const r of rounds) {
    const load = (tool) => {
      try {
        return JSON.parse(readFileSync(join(root, scenario, `${r}-${tool}.json`), 'utf8'));
      } catch {
        return null;
      }
    };
    const x = load('xload'),
      t = load('tsung');
    const fx = failure(x),
      ft = failure(t);
    if (fx) lines.push(`round ${r}: xload FAILED: ${fx}`);
    if (ft) lines.push(`round ${r}: tsung FAILED: ${ft}`);
    if (fx || ft) {
      anyFailed = true;
      continue;
    }
    good.xload.push(figures(x, x));
    good.tsung.push(figures(t, x));
  }
  console.log(
    md
      ? `\n#### ${scenario} (median of ${good.xload.length} clean round(s) of ${rounds.length})\n`
      : `\n== ${scenario}: median of ${good.xload.length} clean round(s) of ${rounds.length}`,
  );
  for (const l of lines) console.log(md ? `- ${l}` : l);
  if (good.xload.length === 0) {
    console.log(`FAILED: no clean round for ${scenario}; no figures`);
    continue;
  }
  const rows = cols.map(([k, label, dp]) => {
    const x = median(good.xload.map((f) => f[k])),
      t = median(good.tsung.map((f) => f[k]));
    const ratio = t > 0 ? (x / t).toFixed(2) : '-';
    return [label, x.toFixed(dp), t.toFixed(dp), ratio];
  });
  const head = ['', 'xload', 'tsung', 'xload/tsung'];
  const xm = good.xload.map((f) => f.messages);
  if (xm.some((n) => n > 0)) {
    console.log(
      `${md ? '\n' : ''}xload stamped messages per round: ${good.xload.map((f) => `${f.messages} sent, ${f.lost} lost, xmpp_msg_latency p99 ${f.p99} ms`).join(' | ')}${md ? '\n' : ''}`,
    );
  }
  if (md) {
    console.log(`| ${head.join(' | ')} |\n|---|---:|---:|---:|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } else {
    const w = [27, 10, 10, 12];
    const fmt = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join(' ');
    console.log(fmt(head));
    for (const r of rows) console.log(fmt(r));
  }
}
process.exitCode = anyFailed ? 1 : 0;
