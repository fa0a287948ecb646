/**
 * The report's in-page script: reads the inlined model and draws every chart with Chart.js.
 * Plain ES2017 in a string so it runs in any browser with no build step. Data arrives
 * pre-binned (series.ts), so charts stay fast for hour-long runs without Chart.js decimation.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  var model = JSON.parse(document.getElementById('xload-data').textContent);
  var S = model.series;
  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;

  function pts(ys) {
    return ys.map(function (y, i) { return { x: S.t_s[i], y: y }; });
  }
  function lines(named) {
    return named.map(function (d, i) {
      return { label: d[0], data: pts(d[1]), borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
        borderWidth: 1.5, pointRadius: S.t_s.length > 60 ? 0 : 2, spanGaps: false, yAxisID: d[2] || 'y' };
    });
  }
  function canvas(parentId, title) {
    var box = document.createElement('div');
    box.className = 'chart';
    var h = document.createElement('h3');
    h.textContent = title;
    var c = document.createElement('canvas');
    box.appendChild(h);
    box.appendChild(c);
    document.getElementById(parentId).appendChild(box);
    return c;
  }
  function timeChart(parentId, title, yTitle, datasets, extraScales) {
    var scales = { x: { type: 'linear', title: { display: true, text: 's since start' } }, y: { beginAtZero: true, title: { display: true, text: yTitle } } };
    for (var k in extraScales || {}) scales[k] = extraScales[k];
    return new Chart(canvas(parentId, title), { type: 'line', data: { datasets: datasets },
      options: { parsing: false, normalized: true, interaction: { mode: 'nearest', axis: 'x', intersect: false }, scales: scales } });
  }

  timeChart('charts-load', 'Users', 'users', lines([
    ['active', S.users_active], ['connected', S.users_connected], ['arrivals/s', S.arrivals_per_s, 'y2']]),
    { y2: { position: 'right', beginAtZero: true, title: { display: true, text: 'arrivals/s' }, grid: { drawOnChartArea: false } } });
  timeChart('charts-load', 'Stanzas/s', 'stanzas/s', lines([['in (received)', S.stanzas_in_per_s], ['out (sent)', S.stanzas_out_per_s]]));
  timeChart('charts-load', 'Bytes/s', 'bytes/s', lines([['in (received)', S.bytes_in_per_s], ['out (sent)', S.bytes_out_per_s]]));
  var errNames = Object.keys(S.errors_per_s);
  if (errNames.length > 0) {
    timeChart('charts-load', 'Errors/s', 'errors/s', lines(errNames.map(function (n) { return [n, S.errors_per_s[n]]; })));
  }

  // Server monitors on the same time axis as the load; a null point (no reading) is a gap.
  Object.keys(S.servers || {}).forEach(function (id) {
    var M = S.servers[id];
    var named = [];
    if (M.cpu) named.push(['cpu %', M.cpu]);
    if (M.mem_mib) named.push([M.mem_series + ' (MiB)', M.mem_mib, 'y2']);
    timeChart('charts-servers', 'Server ' + id + ': CPU and memory', 'cpu %', lines(named),
      M.mem_mib ? { y2: { position: 'right', beginAtZero: true, title: { display: true, text: 'MiB' }, grid: { drawOnChartArea: false } } } : {});
  });

  Object.keys(S.latency).forEach(function (name) {
    var L = S.latency[name];
    timeChart('charts-latency', name + ' latency per interval', 'ms', lines([['p50', L.p50], ['p90', L.p90], ['p99', L.p99], ['max', L.max]]));
  });

  // HDR percentile curve: x = 1/(1-p) on a log axis, so each "nine" gets the same width.
  function nines(p) { return p >= 100 ? null : 1 / (1 - p / 100); }
  function label(x) {
    var p = 100 * (1 - 1 / x);
    return (Math.round(p * 1000) / 1000) + '%';
  }
  Object.keys(model.distributions).forEach(function (name) {
    var D = model.distributions[name];
    var data = [];
    var top = 1;
    D.percentile.forEach(function (p, i) {
      var x = nines(p);
      if (x === null) return;
      top = Math.max(top, x);
      data.push({ x: x, y: D.value_ms[i] });
    });
    var maxIdx = D.percentile.indexOf(100);
    var maxPt = maxIdx < 0 ? [] : [{ x: top * 3, y: D.value_ms[maxIdx] }];
    new Chart(canvas('charts-distribution', name + ' latency by percentile'), { type: 'line',
      data: { datasets: [
        { label: name, data: data, borderColor: palette[0], backgroundColor: palette[0], borderWidth: 1.5, pointRadius: 1 },
        { label: 'max', data: maxPt, borderColor: palette[3], backgroundColor: palette[3], pointRadius: 4, showLine: false }] },
      options: { parsing: false, scales: {
        x: { type: 'logarithmic', min: 1, title: { display: true, text: 'percentile' },
          ticks: { callback: function (v) { return [1, 2, 10, 100, 1000, 10000, 100000].indexOf(v) >= 0 ? label(v) : ''; } } },
        y: { beginAtZero: true, title: { display: true, text: 'ms' } } },
        plugins: { tooltip: { callbacks: { title: function (items) { return items[0] && items[0].datasetIndex === 1 ? 'max' : label(items[0].parsed.x); } } } } } });
  });
})();
`;
