// bench/latency-vs-tsung's bookkeeping. Two commands:
//   node bench/lib/latency-vs-tsung.mjs collect TOOL RUN_JSON PROBE_JSON PROXY_JSON OUT_JSON
//     one run's row: the tool's xmpp_msg_latency (xload: its summary.json, from the HDR
//     histogram; Tsung: every sample of tsung-fullstats.log, sorted), the probe's latency
//     through the same proxy in the same minutes, the proxy's own lateness
//   node bench/lib/latency-vs-tsung.mjs table DIR DELAY_MS
//     every run-<i>-<tool>.json in DIR and the medians per tool; "error" = tool minus probe.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));

/** Percentile by rank on sorted values (nearest rank, as HDR's percentiles are read). */
const rank = (s, p) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null);

/**
 * Tsung's backend="fullstats" writes each batch of samples as an Erlang term (~p, wrapped
 * at 80 columns): `[{sample,xmpp_msg_latency,1.234},{sample,request,...},...]`; a tuple
 * never breaks across lines at that size, so a scan for the tuple finds every sample.
 */
export function tsungLatencies(logDir) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name));
      else if (n.name === 'tsung-fullstats.log') files.push(join(d, n.name));
    }
  };
  if (existsSync(logDir)) walk(logDir);
  const v = [];
  for (const f of files)
    for (const m of readFileSync(f, 'utf8').matchAll(/\{sample,\s*xmpp_msg_latency,\s*([-0-9.eE+]+)\s*\}/g)) v.push(Number(m[1]));
  return v.sort((a, b) => a - b);
}

function stats(sorted) {
  if (!sorted.length) return null;
  return {
    count: sorted.length,
    p50_ms: rank(sorted, 50),
    p90_ms: rank(sorted, 90),
    p99_ms: rank(sorted, 99),
    max_ms: sorted.at(-1),
  };
}

function collect(tool, runJson, probeJson, proxyJson, out) {
  const r = read(runJson);
  const probe = read(probeJson);
  const proxy = existsSync(proxyJson) ? read(proxyJson) : null;
  const problems = [...(r.stats.problems ?? [])];
  if (r.measure.status !== 0) problems.push(`exit ${r.measure.status}`);
  if (probe.lost > 0) problems.push(`probe lost ${probe.lost}`);
  let lat;
  if (tool === 'tsung') lat = stats(tsungLatencies(join(r.dir, 'log')));
  else {
    const f = join(r.dir, 'run', 'summary.json');
    const m = existsSync(f) ? read(f).metrics?.xmpp_msg_latency : null;
    lat = m ? { count: m.count, p50_ms: m.p50_ms, p90_ms: m.p90_ms, p99_ms: m.p99_ms, max_ms: m.max_ms } : null;
  }
  if (!lat) problems.push('no xmpp_msg_latency samples');
  const row = { tool, ok: problems.length === 0, problems, cpu_s: r.measure.cpu_s, users: r.stats.users, latency: lat, probe, proxy };
  writeFileSync(out, JSON.stringify(row, null, 1));
  console.error(
    `  ${tool}: ${row.ok ? 'ok' : 'FAILED: ' + problems.join('; ')}; p50/p99 ${lat?.p50_ms?.toFixed(2)} / ${lat?.p99_ms?.toFixed(2)} ms (${lat?.count} samples), probe ${probe.p50_ms} / ${probe.p99_ms} ms, probe loop lag p99 ${probe.lag?.p99_ms} ms`,
  );
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');

function table(dir, delayMs) {
  const rows = readdirSync(dir)
    .map((n) => /^run-(\d+)-(tsung|xload)\.json$/.exec(n))
    .filter(Boolean)
    .map((m) => ({ i: Number(m[1]), ...read(join(dir, m[0])) }))
    .sort((a, b) => a.i - b.i || a.tool.localeCompare(b.tool));
  console.log(`\nlink delay ${delayMs} ms each way (${2 * delayMs} ms a message); error = tool minus probe, same minutes`);
  console.log(
    '| run | tool | samples | tool p50 / p99 ms | probe p50 / p99 ms | error p50 / p99 ms | probe loop lag p99 ms | proxy late p99 ms | CPU s |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (!r.ok) {
      console.log(`| ${r.i} | ${r.tool} | FAILED: ${r.problems.join('; ')} | | | | | | |`);
      continue;
    }
    const l = r.latency;
    console.log(
      `| ${r.i} | ${r.tool} | ${l.count} | ${f(l.p50_ms)} / ${f(l.p99_ms)} | ${f(r.probe.p50_ms)} / ${f(r.probe.p99_ms)} | ${f(l.p50_ms - r.probe.p50_ms)} / ${f(l.p99_ms - r.probe.p99_ms)} | ${f(r.probe.lag?.p99_ms)} | ${f(r.proxy?.late?.p99_ms)} | ${f(r.cpu_s)} |`,
    );
  }
  const med = {};
  for (const tool of ['tsung', 'xload']) {
    const ok = rows.filter((r) => r.ok && r.tool === tool);
    med[tool] = {
      n: ok.length,
      e50: median(ok.map((r) => r.latency.p50_ms - r.probe.p50_ms)),
      e99: median(ok.map((r) => r.latency.p99_ms - r.probe.p99_ms)),
      floor: median(ok.map((r) => r.probe.lag?.p99_ms)),
    };
    console.log(
      `median ${tool} (${ok.length} runs): error p50 ${f(med[tool].e50)} ms, p99 ${f(med[tool].e99)} ms; machine floor (probe loop lag p99) ${f(med[tool].floor)} ms`,
    );
  }
  if (med.tsung.n && med.xload.n)
    console.log(
      `xload's p99 error ${Math.abs(med.xload.e99) <= Math.abs(med.tsung.e99) ? '<=' : '>'} Tsung's (|${f(med.xload.e99)}| vs |${f(med.tsung.e99)}|)`,
    );
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

if (cmd === 'collect') collect(...args);
else if (cmd === 'table') table(args[0], Number(args[1]));
else {
  console.error('usage: latency-vs-tsung.mjs collect TOOL RUN_JSON PROBE_JSON PROXY_JSON OUT_JSON | table DIR DELAY_MS');
  process.exit(2);
}
