// bench/scale's verdict: peak connected users, RSS, and the first error class that appeared.
// Usage: node scale-report.mjs MEASURE_JSON XLOAD_RUN_DIR SERVER_ALIVE(yes|no) MAX IPS
import { readFileSync } from 'node:fs';
import { readRun, printVerdict } from './run-verdict.mjs';

const [measureFile, runDir, alive, max, ips] = process.argv.slice(2);
const m = JSON.parse(readFileSync(measureFile, 'utf8'));
const run = readRun(runDir);
const { maxGauge } = run;
// RSS at the peak of connected users (the last sample before the ramp-down), and the slope
// between 25% and 100% of the peak: what one more idle user costs, without the baseline.
const s = m.series;
const atPeak = s.find(([, c]) => c === m.peak_connected) ?? [0, 0, 0];
const q = s.find(([, c]) => c >= m.peak_connected / 4) ?? atPeak;
const slope = atPeak[1] > q[1] ? (atPeak[2] - q[2]) / (atPeak[1] - q[1]) : NaN;
console.log(`target ${max} idle users from ${ips} source address(es)`);
console.log(`peak connected (ESTABLISHED to the server port): ${m.peak_connected}; xload's own gauge: ${maxGauge}`);
console.log(
  `xload peak RSS ${(m.peak_tree_rss_kib / 1024).toFixed(0)} MiB; at the peak ${(atPeak[2] / 1024).toFixed(0)} MiB = ${(atPeak[2] / Math.max(1, atPeak[1])).toFixed(1)} KiB per connected user, ${slope.toFixed(1)} KiB per additional user (slope), ${((1024 * 1024) / (atPeak[2] / Math.max(1, atPeak[1]))).toFixed(0)} users per GiB`,
);
console.log(
  `xload CPU ${m.cpu_s.toFixed(2)} s (user ${m.cpu_user_s}, sys ${m.cpu_sys_s}); login rate ${m.login_rate.toFixed(0)}/s; wall ${m.wall_s} s; exit ${m.status}${m.timedOut ? ' (timed out)' : ''}`,
);
console.log(`server ${alive === 'yes' ? 'still running' : 'DIED during the run'}`);
printVerdict(run, alive === 'yes', m.status);
