// Reads what bench/throughput-ceiling wrote (per run: R-TOOL-{sink,cpu,measure,stats}.json)
// and prints one table: offered rate -> achieved stanzas/s, generator CPU %, stanzas per
// CPU-second, for each tool, then each tool's ceiling and their ratio.
// Usage: node bench/lib/ceiling-table.mjs DIR [--markdown]     (the table)
//        node bench/lib/ceiling-table.mjs --one DIR/R-TOOL       (one line, for progress)
// Window: the sink's per-second series of messages in; the sending window runs from the
// first to the last second with traffic; figures are taken over its middle half (login and
// the users' staggered start and end left out). Stanzas = messages the generator sent (sink
// in) + messages routed back to it (sink out). CPU in that window from tree-cpu.mjs's series.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);

/** Linear interpolation of series [[t, v...]] column `col` at time t. */
function at(series, t, col = 1) {
  if (!series.length) return NaN;
  if (t <= series[0][0]) return series[0][col];
  for (let i = 1; i < series.length; i++) {
    const [t1] = series[i];
    if (t1 >= t) {
      const [t0] = series[i - 1];
      const v0 = series[i - 1][col];
      const v1 = series[i][col];
      return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0 || 1);
    }
  }
  return series[series.length - 1][col];
}

export function analyse(base) {
  const sink = read(`${base}-sink.json`);
  const cpu = read(`${base}-cpu.json`);
  const m = read(`${base}-measure.json`);
  const st = read(`${base}-stats.json`);
  if (!sink || !cpu || !st) return { base, ok: false, problem: 'missing files' };
  const s = sink.series; // [ms, msgs in, routed, stanzas in, stanzas out, sink cpu µs]
  let first = -1;
  let last = -1;
  for (let i = 1; i < s.length; i++) {
    if (s[i][1] > s[i - 1][1]) {
      if (first < 0) first = i - 1;
      last = i;
    }
  }
  const problems = [...(st.stats.problems ?? [])];
  if (st.status !== 0) problems.push(`exit ${st.status}`);
  // The offered rate assumes every user started.
  if (st.stats.users < st.users) problems.push(`${st.stats.users} of ${st.users} users started`);
  if (first < 0 || last - first < 4) return { base, ok: false, tool: st.tool, rate: st.rate, problem: 'no sending window', problems };
  const ta = s[first][0] + (s[last][0] - s[first][0]) * 0.25;
  const tb = s[first][0] + (s[last][0] - s[first][0]) * 0.75;
  const dt = (tb - ta) / 1000;
  const msgIn = (at(s, tb, 1) - at(s, ta, 1)) / dt;
  const routed = (at(s, tb, 2) - at(s, ta, 2)) / dt;
  const genCpu = (at(cpu.series, tb) - at(cpu.series, ta)) / dt;
  const sinkCpu = (at(s, tb, 5) - at(s, ta, 5)) / 1e6 / dt;
  const stanzas = msgIn + routed;
  const offered = st.rate;
  const keptUp = msgIn >= 0.95 * offered && genCpu < 0.95;
  const totalStanzas = sink.stanzas_in + sink.stanzas_out;
  return {
    base,
    ok: problems.length === 0,
    problems,
    tool: st.tool,
    rate: offered,
    users: st.stats.users,
    window_s: dt,
    achieved_msgs: msgIn,
    achieved_stanzas: stanzas,
    gen_cpu: genCpu,
    sink_cpu: sinkCpu,
    per_cpu_s: stanzas / genCpu,
    kept_up: keptUp,
    dropped: sink.messages_dropped,
    run_cpu_s: m?.cpu_s,
    run_stanzas: totalStanzas,
    run_per_cpu_s: m ? totalStanzas / m.cpu_s : NaN,
    tool_stanzas: st.stats.stanzas,
    sink_in: sink.stanzas_in,
    sink_out: sink.stanzas_out,
    wall_s: m?.wall_s,
  };
}

const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '-');

function line(a) {
  if (!a.rate) return `${a.base}: ${a.problem}`;
  if (a.problem) return `${a.tool} @${a.rate}/s: ${a.problem}${a.problems?.length ? ' (' + a.problems.join('; ') + ')' : ''}`;
  return `${a.tool} @${a.rate} msg/s, ${a.users} users: achieved ${f0(a.achieved_msgs)} msg/s = ${f0(a.achieved_stanzas)} stanzas/s, generator CPU ${pct(a.gen_cpu)}, sink CPU ${pct(a.sink_cpu)}, ${f0(a.per_cpu_s)} stanzas/CPU-s; whole run ${a.run_cpu_s?.toFixed(2)} CPU s for ${f0(a.run_stanzas)} stanzas (${f0(a.run_per_cpu_s)}/CPU-s)${a.kept_up ? '' : ', did not keep up'}${a.ok ? '' : ', FAILED: ' + a.problems.join('; ')}`;
}

const argv = process.argv.slice(2);
if (argv[0] === '--one') {
  console.log('  ' + line(analyse(argv[1])));
} else {
  const dir = argv[0];
  const md = argv.includes('--markdown') || true;
  const runs = readdirSync(dir)
    .filter((f) => f.endsWith('-stats.json'))
    .map((f) => analyse(join(dir, f.slice(0, -'-stats.json'.length))));
  const tools = [...new Set(runs.map((r) => r.tool))].sort();
  const rates = [...new Set(runs.map((r) => r.rate))].sort((a, b) => a - b);
  const get = (t, r) => runs.find((x) => x.tool === t && x.rate === r);
  const cols = ['achieved stanzas/s', 'gen CPU', 'sink CPU', 'stanzas/CPU-s'];
  const head = ['offered msg/s (stanzas/s)', ...tools.flatMap((t) => cols.map((c) => `${t} ${c}`))];
  if (md) {
    console.log(`| ${head.join(' | ')} |`);
    console.log(`|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`);
  }
  for (const r of rates) {
    const cells = [`${f0(r)} (${f0(2 * r)})`];
    for (const t of tools) {
      const a = get(t, r);
      if (!a || a.problem) cells.push('-', '-', '-', a?.problem ?? '-');
      else
        cells.push(
          `${f0(a.achieved_stanzas)}${a.kept_up ? '' : ' ✗'}${a.ok ? '' : ' FAILED'}`,
          pct(a.gen_cpu),
          pct(a.sink_cpu),
          f0(a.per_cpu_s),
        );
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log('\n✗: did not keep up (achieved < 95% of offered, or generator CPU ≥ 95% of its core)');
  const ceil = {};
  for (const t of tools) {
    const ok = runs.filter((a) => a.tool === t && !a.problem && a.ok && a.kept_up);
    const best = ok.sort((a, b) => b.rate - a.rate)[0];
    const peak = runs.filter((a) => a.tool === t && !a.problem).sort((a, b) => b.achieved_stanzas - a.achieved_stanzas)[0];
    const eff = runs.filter((a) => a.tool === t && !a.problem).sort((a, b) => b.rate - a.rate)[0];
    ceil[t] = { kept: best?.achieved_stanzas ?? NaN, peak: peak?.achieved_stanzas ?? NaN, perCpu: eff?.per_cpu_s ?? NaN };
    console.log(
      `${t}: ceiling (highest rate kept up) ${best ? `${f0(best.rate)} msg/s offered, ${f0(best.achieved_stanzas)} stanzas/s at ${pct(best.gen_cpu)} CPU` : 'none'}; ` +
        `peak achieved ${f0(peak?.achieved_stanzas)} stanzas/s; stanzas per CPU-s at the top rate ${f0(eff?.per_cpu_s)}`,
    );
  }
  if (ceil.xload && ceil.tsung) {
    console.log(
      `xload/Tsung: ceiling ${(ceil.xload.kept / ceil.tsung.kept).toFixed(2)} x; peak achieved ${(ceil.xload.peak / ceil.tsung.peak).toFixed(2)} x; stanzas per CPU-s at the top rate ${(ceil.xload.perCpu / ceil.tsung.perCpu).toFixed(2)} x`,
    );
  }
}
