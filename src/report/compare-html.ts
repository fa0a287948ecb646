import { chartJsSource } from './chart-asset.js';
import { formatChange } from './compare.js';
import type { Comparison } from './compare.js';
import type { PercentileCurve } from './distribution.js';
import { escapeHtml as e, jsonForScript } from './html-escape.js';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em;margin:.3em 0}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .7em;border:1px solid #ddd;text-align:right}
th{background:#f6f6f6;text-align:left}tr.regression td{background:#fdd;font-weight:600}.warn{color:#b00;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1em}.chart{border:1px solid #eee;padding:.5em}
`;

/**
 * `xload compare --html`: the comparison table, and for each latency metric both runs'
 * HDR percentile curves on one chart. Self-contained (Chart.js inlined). Pure.
 */
export function renderCompareHtml(
  c: Comparison,
  curves: { a: Record<string, PercentileCurve>; b: Record<string, PercentileCurve> },
  opts: { chartJs?: string } = {},
): string {
  const chartJs = opts.chartJs ?? chartJsSource();
  const rows = c.rows
    .map(
      (r) =>
        `<tr class="${r.regression ? 'regression' : ''}"><th>${e(r.section)}</th><th>${e(r.name)}</th><th>${e(r.stat)}</th>` +
        `<td>${r.a ?? '-'}</td><td>${r.b ?? '-'}</td><td>${e(formatChange(r.changePct))}</td><td>${r.regression ? 'REGRESSION' : ''}</td></tr>`,
    )
    .join('');
  const verdict =
    c.regressions === 0
      ? `<p>No regression beyond ${c.options.maxRegressionPct}%.</p>`
      : `<p class="warn">${c.regressions} regression(s) beyond ${c.options.maxRegressionPct}%.</p>`;
  const names = Object.keys(curves.a)
    .filter((n) => curves.b[n] !== undefined)
    .sort();
  const data = { a: c.a.label, b: c.b.label, names, curves };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xload compare: ${e(c.a.label)} vs ${e(c.b.label)}</title><style>${CSS}</style></head>
<body>
<h1>xload compare</h1>
<table><tr><th>A (baseline)</th><td>${e(c.a.label)}</td><td>${e(c.a.scenario)}</td><td>${e(c.a.started)}</td><td>${e(c.a.status)}</td></tr>
<tr><th>B (new)</th><td>${e(c.b.label)}</td><td>${e(c.b.scenario)}</td><td>${e(c.b.started)}</td><td>${e(c.b.status)}</td></tr></table>
${c.warnings.map((w) => `<p class="warn">${e(w)}</p>`).join('\n')}
${verdict}
<section id="curves"><h2>Latency by percentile</h2><div class="charts" id="charts"></div></section>
<section id="table"><h2>All figures</h2><table><thead><tr><th>section</th><th>name</th><th>stat</th><th>A</th><th>B</th><th>change</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>
<script type="application/json" id="xload-compare">${jsonForScript(data)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CLIENT}</script>
</body></html>
`;
}

/** Both runs' curves per metric; x = 1/(1-p) on a log axis, as report.html draws one run. */
const CLIENT = String.raw`
(function () {
  var d = JSON.parse(document.getElementById('xload-compare').textContent);
  Chart.defaults.animation = false;
  function pts(c) {
    var out = [];
    c.percentile.forEach(function (p, i) { out.push({ x: p >= 100 ? null : 1 / (1 - p / 100), y: c.value_ms[i] }); });
    return out.filter(function (q) { return q.x !== null; });
  }
  function label(x) { return (Math.round(100 * (1 - 1 / x) * 1000) / 1000) + '%'; }
  d.names.forEach(function (name) {
    var box = document.createElement('div');
    box.className = 'chart';
    var h = document.createElement('h3');
    h.textContent = name;
    var cv = document.createElement('canvas');
    box.appendChild(h);
    box.appendChild(cv);
    document.getElementById('charts').appendChild(box);
    new Chart(cv, { type: 'line', data: { datasets: [
      { label: 'A ' + d.a, data: pts(d.curves.a[name]), borderColor: '#1f77b4', backgroundColor: '#1f77b4', pointRadius: 1, borderWidth: 1.5 },
      { label: 'B ' + d.b, data: pts(d.curves.b[name]), borderColor: '#d62728', backgroundColor: '#d62728', pointRadius: 1, borderWidth: 1.5 }] },
      options: { parsing: false, scales: {
        x: { type: 'logarithmic', min: 1, title: { display: true, text: 'percentile' },
          ticks: { callback: function (v) { return [1, 2, 10, 100, 1000, 10000, 100000].indexOf(v) >= 0 ? label(v) : ''; } } },
        y: { beginAtZero: true, title: { display: true, text: 'ms' } } } } });
  });
})();
`;
