import { renderHtml } from '../report/html.js';
import type { RenderOptions } from '../report/html.js';
import type { ReportModel } from '../report/model.js';

/**
 * The live page: the very report.html of the run so far, plus a fixed banner fed by
 * /status.json every 2 s, and a reload every `refreshS` seconds that keeps the scroll
 * position (charts are rebuilt from the grown data). Reloading stops once the run ended.
 */
export function renderDashboardPage(model: ReportModel, opts: RenderOptions & { refreshS: number }): string {
  const html = renderHtml(model, opts.chartJs === undefined ? {} : { chartJs: opts.chartJs });
  const banner = `<div id="xload-live" style="position:sticky;top:0;z-index:9;background:#123;color:#fff;padding:.4em .8em;font:13px system-ui,sans-serif">live: connecting…</div>`;
  const script = `<script>${LIVE_SCRIPT.replace('__REFRESH_MS__', String(Math.max(1, opts.refreshS) * 1000))}</script>`;
  return html.replace('<body>', `<body>\n${banner}`).replace(/<\/body>(?![\s\S]*<\/body>)/, `${script}\n</body>`);
}

const LIVE_SCRIPT = String.raw`
(function () {
  var key = 'xload-live-scroll';
  var saved = sessionStorage.getItem(key);
  if (saved !== null) window.scrollTo(0, Number(saved));
  var box = document.getElementById('xload-live');
  var ended = false;
  function show(s) {
    var lat = s.msg_latency ? '  msg p50 ' + s.msg_latency.p50_ms + ' ms p99 ' + s.msg_latency.p99_ms + ' ms' : '';
    box.textContent = (s.state === 'running' ? 'LIVE' : 'run ' + s.state) + '  ' + s.elapsed_s + ' s  phase ' + s.phase +
      '  users ' + s.users.active + ' active / ' + s.users.connected + ' connected' +
      '  stanzas/s ' + s.rates.stanzas_in + ' in / ' + s.rates.stanzas_out + ' out' + lat + '  errors ' + s.errors_total;
    ended = s.state !== 'running' && s.state !== 'starting';
  }
  function poll() {
    fetch('status.json', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(show, function () {
      box.textContent = 'dashboard gone: the run has ended (see report.html in the run folder)';
      ended = true;
    });
  }
  poll();
  setInterval(function () { if (!ended) poll(); }, 2000);
  setTimeout(function reload() {
    if (ended) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }, __REFRESH_MS__);
})();
`;
