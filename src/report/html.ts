import type { ReportModel } from './model.js';
import { chartJsSource } from './chart-asset.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { CLIENT_SCRIPT } from './html-client.js';
import {
  countersSection,
  errorsSection,
  headerSection,
  messagesSection,
  metricsSection,
  thresholdsSection,
  warningsSection,
} from './html-tables.js';
import { nodesSection } from './html-nodes.js';
import { serversSection } from './html-servers.js';
import { checksSection } from './html-checks.js';

export interface RenderOptions {
  /** Chart.js UMD source to inline; defaults to the installed chart.js package's bundle. */
  chartJs?: string;
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em;margin:.3em 0}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .7em;border:1px solid #ddd;text-align:right}
th{background:#f6f6f6;text-align:left}table.kv td{text-align:left}
.status{font-size:.7em;padding:.15em .5em;border-radius:.3em;color:#fff;vertical-align:middle}
.status-completed{background:#2a7}.status-running{background:#27c}.status-aborted{background:#d80}.status-failed{background:#c33}
.warn{color:#b00;font-weight:600}tr.error-sample td{text-align:left;font-size:12px;color:#444}tr.error-sample pre{white-space:pre-wrap;word-break:break-all;margin:2px 0 0;background:#f6f6f6;padding:4px}tr.fail td,tr.fail th{background:#fdd}tr.pass td{background:#efe}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1em}
.chart{border:1px solid #eee;padding:.5em}.chart canvas{width:100%;max-height:300px}
`;

/**
 * report.html for one run: self-contained (Chart.js and all data inlined, nothing fetched at
 * view time). Pure: the same model gives the same bytes; only the caller writes files.
 * Tables are static HTML, readable without scripts; charts are drawn in the page.
 */
export function renderHtml(model: ReportModel, opts: RenderOptions = {}): string {
  const chartJs = opts.chartJs ?? chartJsSource();
  const title = `xload ${model.summary.status}: ${model.run.scenario} ${model.summary.started}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="xload ${escapeHtml(model.run.xload_version)}">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
${headerSection(model)}
${warningsSection(model)}
${thresholdsSection(model)}
${checksSection(model)}
${messagesSection(model)}
${metricsSection(model)}
${errorsSection(model)}
${nodesSection(model)}
${serversSection(model)}
<section id="timeseries"><h2>Over time${model.series.binIntervals > 1 ? ` (each point merges ${model.series.binIntervals} intervals)` : ''}</h2>
<div class="charts" id="charts-load"></div>${model.series.servers ? '<h2>Servers over time</h2><div class="charts" id="charts-servers"></div>' : ''}<h2>Latency over time</h2><div class="charts" id="charts-latency"></div></section>
<section id="distribution"><h2>Latency distribution</h2><div class="charts" id="charts-distribution"></div></section>
${countersSection(model)}
<script type="application/json" id="xload-data">${jsonForScript(model)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CLIENT_SCRIPT}</script>
</body></html>
`;
}
