import type { ReportModel } from './model.js';
import { escapeHtml as e, fmt } from './html-escape.js';

/** A series' figure as people read it: bytes in MiB/GiB, the rest as numbers. */
function figure(series: string, x: number): string {
  if (!/_bytes$/.test(series)) return fmt(x);
  if (Math.abs(x) >= 2 ** 30) return `${fmt(Math.round((x / 2 ** 30) * 100) / 100)} GiB`;
  return `${fmt(Math.round((x / 2 ** 20) * 10) / 10)} MiB`;
}

/** summary.json's `servers` as a table: one row per monitor series, with its monitor's samples and gaps. */
export function serversSection(m: ReportModel): string {
  const servers = m.summary.servers;
  if (!servers || Object.keys(servers).length === 0) return '';
  const rows: string[] = [];
  for (const [id, s] of Object.entries(servers)) {
    const names = Object.keys(s.series);
    names.forEach((name, i) => {
      const v = s.series[name]!;
      const lead =
        i === 0
          ? `<th rowspan="${names.length}">${e(id)}</th><td rowspan="${names.length}">${fmt(s.samples)}</td><td rowspan="${names.length}"${s.gaps > 0 ? ' class="fail"' : ''}>${fmt(s.gaps)}</td>`
          : '';
      rows.push(`<tr>${lead}<td>${e(name)}</td><td>${e(figure(name, v.mean))}</td><td>${e(figure(name, v.max))}</td></tr>`);
    });
    if (names.length === 0)
      rows.push(`<tr><th>${e(id)}</th><td>${fmt(s.samples)}</td><td class="fail">${fmt(s.gaps)}</td><td colspan="3">no reading</td></tr>`);
  }
  return `<section id="servers"><h2>Servers</h2><p>Server monitors (&lt;monitoring&gt;), one reading per interval; gaps: intervals without a reading. Series are named <code>server.&lt;id&gt;.&lt;series&gt;</code> in thresholds.</p>
<table><thead><tr><th>monitor</th><th>samples</th><th>gaps</th><th>series</th><th>mean</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
