import type { ReportModel } from './model.js';

/** A Chart.js configuration as plain data (plus tick callbacks), for rendering outside a browser. */
export interface ChartSpec {
  /** File-name-safe identifier, e.g. `latency-xmpp_msg_latency`. */
  id: string;
  title: string;
  config: {
    type: 'line';
    data: {
      datasets: {
        label: string;
        data: { x: number; y: number | null }[];
        borderColor: string;
        backgroundColor: string;
        pointRadius: number;
        borderWidth: number;
        showLine?: boolean;
      }[];
    };
    options: Record<string, unknown>;
  };
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/**
 * The report's charts as Chart.js configurations, for `xload report --png`. The same
 * figures report.html draws (html-client.ts), built on the Node side. Pure.
 */
export function chartSpecs(model: ReportModel): ChartSpec[] {
  const S = model.series;
  const specs: ChartSpec[] = [];
  const time = (id: string, title: string, yTitle: string, lines: [string, (number | null)[]][]) => {
    specs.push({
      id,
      title,
      config: {
        type: 'line',
        data: {
          datasets: lines.map(([label, ys], i) => ({
            label,
            data: ys.map((y, k) => ({ x: S.t_s[k] ?? 0, y })),
            borderColor: PALETTE[i % PALETTE.length]!,
            backgroundColor: PALETTE[i % PALETTE.length]!,
            pointRadius: S.t_s.length > 60 ? 0 : 2,
            borderWidth: 1.5,
          })),
        },
        options: {
          animation: false,
          parsing: false,
          plugins: { title: { display: true, text: title } },
          scales: {
            x: { type: 'linear', title: { display: true, text: 's since start' } },
            y: { beginAtZero: true, title: { display: true, text: yTitle } },
          },
        },
      },
    });
  };
  time('users', 'Users', 'users', [
    ['active', S.users_active],
    ['connected', S.users_connected],
  ]);
  time('stanzas', 'Stanzas/s', 'stanzas/s', [
    ['in (received)', S.stanzas_in_per_s],
    ['out (sent)', S.stanzas_out_per_s],
  ]);
  const errNames = Object.keys(S.errors_per_s);
  if (errNames.length > 0)
    time(
      'errors',
      'Errors/s',
      'errors/s',
      errNames.map((n) => [n, S.errors_per_s[n] ?? []]),
    );
  for (const [id, M] of Object.entries(S.servers ?? {})) {
    const named: [string, (number | null)[]][] = [];
    if (M.cpu) named.push(['cpu %', M.cpu]);
    if (M.mem_mib) named.push([`${M.mem_series ?? 'memory'} (MiB)`, M.mem_mib]);
    time(`server-${slug(id)}`, `Server ${id}: CPU and memory`, 'cpu % / MiB', named);
  }
  for (const [name, L] of Object.entries(S.latency)) {
    time(`latency-${slug(name)}`, `${name} latency per interval`, 'ms', [
      ['p50', L.p50],
      ['p90', L.p90],
      ['p99', L.p99],
      ['max', L.max],
    ]);
  }
  for (const [name, D] of Object.entries(model.distributions)) {
    const data = D.percentile.flatMap((p, i) => (p >= 100 ? [] : [{ x: 1 / (1 - p / 100), y: D.value_ms[i] ?? null }]));
    const nines = (x: number) => `${Math.round(100 * (1 - 1 / x) * 1000) / 1000}%`;
    specs.push({
      id: `distribution-${slug(name)}`,
      title: `${name} latency by percentile`,
      config: {
        type: 'line',
        data: {
          datasets: [{ label: name, data, borderColor: PALETTE[0]!, backgroundColor: PALETTE[0]!, pointRadius: 1, borderWidth: 1.5 }],
        },
        options: {
          animation: false,
          parsing: false,
          plugins: { title: { display: true, text: `${name} latency by percentile` } },
          scales: {
            x: {
              type: 'logarithmic',
              min: 1,
              title: { display: true, text: 'percentile' },
              ticks: { callback: (v: number) => ([1, 2, 10, 100, 1000, 10000, 100000].includes(v) ? nines(v) : '') },
            },
            y: { beginAtZero: true, title: { display: true, text: 'ms' } },
          },
        },
      },
    });
  }
  return specs;
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_');
}
