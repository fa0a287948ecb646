// bench/scale's verdict: peak connected users, RSS, and the first error class that appeared.
// Usage: node scale-report.mjs MEASURE_JSON XLOAD_RUN_DIR SERVER_ALIVE(yes|no) MAX IPS
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [measureFile, runDir, alive, max, ips] = process.argv.slice(2);
const m = JSON.parse(readFileSync(measureFile, 'utf8'));
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
const errs = summary ? Object.entries(summary.errors).filter(([, n]) => n > 0) : [];
// RSS at the peak of connected users (the last sample before the ramp-down), and the slope
// between 25% and 100% of the peak: what one more idle user costs, without the baseline.
const s = m.series;
const atPeak = s.find(([, c]) => c === m.peak_connected) ?? [0, 0, 0];
const q = s.find(([, c]) => c >= m.peak_connected / 4) ?? atPeak;
const slope = atPeak[1] > q[1] ? (atPeak[2] - q[2]) / (atPeak[1] - q[1]) : NaN;
console.log(`target ${max} idle users from ${ips} source address(es)`);
console.log(`peak connected (ESTABLISHED to the server port): ${m.peak_connected}; xload's own gauge: ${maxGauge}`);
console.log(`xload peak RSS ${(m.peak_tree_rss_kib / 1024).toFixed(0)} MiB; at the peak ${(atPeak[2] / 1024).toFixed(0)} MiB = ${(atPeak[2] / Math.max(1, atPeak[1])).toFixed(1)} KiB per connected user, ${slope.toFixed(1)} KiB per additional user (slope), ${((1024 * 1024) / (atPeak[2] / Math.max(1, atPeak[1]))).toFixed(0)} users per GiB`);
console.log(`xload CPU ${m.cpu_s.toFixed(2)} s (user ${m.cpu_user_s}, sys ${m.cpu_sys_s}); login rate ${m.login_rate.toFixed(0)}/s; wall ${m.wall_s} s; exit ${m.status}${m.timedOut ? ' (timed out)' : ''}`);
console.log(`server ${alive === 'yes' ? 'still running' : 'DIED during the run'}`);
if (first) {
  const when = new Date(first.at).toISOString();
  console.log(`first error class: ${first.cls} at ${when} (t=${first.t_s} s), ${first.connected} users connected then`);
  console.log(`errors: ${errs.map(([k, n]) => `${k} ${n}`).join(', ')}`);
} else if (summary && summary.status === 'completed' && alive === 'yes' && m.status === 0) {
  console.log(`no error: ${summary.users.started} users started, ${summary.users.failed} failed`);
} else {
  console.log(`FAILED: the run did not complete (status ${summary?.status ?? 'no summary'}, exit ${m.status})`);
}
