// bench/latency-overhead's bookkeeping. Two commands:
//   node bench/lib/latency-row.mjs collect XLOAD_JSON PROBE_JSON OUT_JSON
//     one run's row: xload's xmpp_msg_latency, the probe's latency at the same time, xload's
//     view of itself (loop delay, thinktime lateness, GC pauses, worker busy share)
//   node bench/lib/latency-row.mjs table DIR
//     prints every run-*.json in DIR and the medians; "adds" = xload minus probe.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
const pick = (m) => (m ? { count: m.count, p50_ms: m.p50_ms, p90_ms: m.p90_ms, p99_ms: m.p99_ms, max_ms: m.max_ms } : null);

function collect(xloadJson, probeJson, out) {
  const r = read(xloadJson);
  const probe = read(probeJson);
  const runDir = join(r.dir, 'run');
  const summary = existsSync(join(runDir, 'summary.json')) ? read(join(runDir, 'summary.json')) : null;
  const problems = [...(r.stats.problems ?? [])];
  if (r.measure.status !== 0) problems.push(`exit ${r.measure.status}`);
  if (probe.lost > 0) problems.push(`probe lost ${probe.lost}`);
  const m = summary?.metrics ?? {};
  const row = {
    ok: problems.length === 0,
    problems,
    users: r.stats.users,
    messages: r.stats.messages,
    lost: r.stats.lost,
    cpu_s: r.measure.cpu_s,
    wall_s: r.measure.wall_s,
    // The worker's loop: busy ms per interval over the interval's length; the whole run's
    // mean, and the 90th percentile over intervals (the steady state, ramps excluded).
    busy: busyShares(join(runDir, 'stats.ndjson')),
    xload: pick(m.xmpp_msg_latency),
    probe,
    loop_delay: pick(m.xload_loop_delay),
    timer_lateness: pick(m.xload_timer_lateness),
    gc_pause: pick(m.xload_gc_pause),
  };
  writeFileSync(out, JSON.stringify(row, null, 1));
  console.error(
    `  run: ${row.ok ? 'ok' : 'FAILED: ' + problems.join('; ')}; xload p99 ${row.xload?.p99_ms} ms, probe p99 ${probe.p99_ms} ms, loop delay p99 ${row.loop_delay?.p99_ms} ms, busy ${row.busy.mean_pct}% (p90 ${row.busy.p90_pct}%)`,
  );
}

function busyShares(ndjson) {
  if (!existsSync(ndjson)) return { mean_pct: NaN, p90_pct: NaN };
  const shares = [];
  let busy = 0,
    wall = 0;
  let workers = 1;
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (line.startsWith('{"type":"header"')) workers = JSON.parse(line).workers ?? 1;
    if (!line.startsWith('{"type":"interval"')) continue;
    const iv = JSON.parse(line);
    const b = iv.counters?.xload_loop_busy_ms ?? 0;
    busy += b;
    wall += iv.interval_ms;
    // Share of the workers' cores. A late snapshot counts busy time past its interval's end:
    // capped at all of them.
    shares.push(Math.min(100, (100 * b) / iv.interval_ms / workers));
  }
  shares.sort((a, b) => a - b);
  const p90 = shares.length ? shares[Math.min(shares.length - 1, Math.floor(0.9 * shares.length))] : NaN;
  return { mean_pct: Math.round((100 * busy) / wall / workers), p90_pct: Math.round(p90) };
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-').padStart(9);

function table(dir) {
  // run-<i>-<variant>.json (run-<i>.json from older versions: variant "xload")
  const all = readdirSync(dir)
    .map((n) => /^run-(\d+)(?:-(.+))?\.json$/.exec(n))
    .filter(Boolean)
    .map((m) => ({ i: Number(m[1]), variant: m[2] ?? 'xload', file: m[0] }))
    .sort((a, b) => a.i - b.i);
  const variants = [...new Set(all.map((r) => r.variant))];
  for (const v of variants) {
    if (variants.length > 1) console.log(`\n== ${v}`);
    tableOf(
      dir,
      all.filter((r) => r.variant === v).map((r) => read(join(dir, r.file))),
      v === variants[0],
    );
  }
}

function tableOf(dir, rows, first) {
  const idle = existsSync(join(dir, 'probe-idle.json')) ? read(join(dir, 'probe-idle.json')) : null;
  const cols = [
    'busy%',
    'p90busy%',
    'xl p50',
    'xl p99',
    'pr p50',
    'pr p99',
    'add p50',
    'add p99',
    'lag p99',
    'reflag99',
    'lag max',
    'late p50',
    'late p99',
    'gc n',
    'gc p50',
    'gc max',
  ];
  const vals = (r) => [
    r.busy.mean_pct,
    r.busy.p90_pct,
    r.xload?.p50_ms,
    r.xload?.p99_ms,
    r.probe.p50_ms,
    r.probe.p99_ms,
    r.xload?.p50_ms - r.probe.p50_ms,
    r.xload?.p99_ms - r.probe.p99_ms,
    r.loop_delay?.p99_ms,
    r.probe.lag?.p99_ms,
    r.loop_delay?.max_ms,
    r.timer_lateness?.p50_ms,
    r.timer_lateness?.p99_ms,
    r.gc_pause?.count,
    r.gc_pause?.p50_ms,
    r.gc_pause?.max_ms,
  ];
  if (idle && first)
    console.log(
      `probe alone (server idle): p50 ${idle.p50_ms} ms, p99 ${idle.p99_ms} ms, max ${idle.max_ms} ms; its loop lag p99 ${idle.lag?.p99_ms} ms`,
    );
  if (first) console.log('ms; xl = xload xmpp_msg_latency, pr = probe during the load, add = xl - pr, lag = xload_loop_delay,');
  if (first) console.log("reflag = the idle probe's own loop lag (the machine's noise floor), late = xload_timer_lateness,");
  if (first) console.log('gc = xload_gc_pause, busy = worker loop busy share (run mean, p90 of intervals)');
  console.log('run'.padEnd(8) + cols.map((c) => c.padStart(9)).join(''));
  rows.forEach((r, i) =>
    console.log(`${String(i + 1).padEnd(4)}${r.ok ? '    ' : ' BAD'}` + vals(r).map(f).join('') + `  ${r.messages} msgs`),
  );
  const ok = rows.filter((r) => r.ok);
  if (ok.length)
    console.log('median'.padEnd(8) + cols.map((_, k) => f(median(ok.map((r) => vals(r)[k])))).join('') + `  (${ok.length} clean runs)`);
  if (ok.length < rows.length) {
    console.log(
      `FAILED: ${rows.length - ok.length} run(s): ` +
        rows
          .filter((r) => !r.ok)
          .map((r) => r.problems.join('; '))
          .join(' | '),
    );
    process.exitCode = 1;
  }
}

if (cmd === 'collect') collect(...args);
else if (cmd === 'table') table(args[0]);
else {
  console.error('usage: latency-row.mjs collect XLOAD_JSON PROBE_JSON OUT | table DIR');
  process.exit(2);
}
