import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { IntervalInfo, RunOutput } from './types.js';
import { CHECK_FAIL_PREFIX, CHECK_PASS_PREFIX } from '../stats/metric-names.js';

/** A Prometheus metric name from xload's (`request.auth_sasl` → `request_auth_sasl`). */
const metricName = (s: string): string => s.replace(/[^A-Za-z0-9_:]/g, '_');
const label = (s: string): string => s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

function checkOf(counter: string): { name: string; result: 'pass' | 'fail' } | undefined {
  if (counter.startsWith(CHECK_PASS_PREFIX)) return { name: counter.slice(CHECK_PASS_PREFIX.length), result: 'pass' };
  if (counter.startsWith(CHECK_FAIL_PREFIX)) return { name: counter.slice(CHECK_FAIL_PREFIX.length), result: 'fail' };
  return undefined;
}

/**
 * xload's own figures as a Prometheus text-format (0.0.4) endpoint on the coordinator
 * (`--metrics-port`), updated at each closed interval: counters as running totals, gauges
 * at their last level, each metric's latency read-out of the last interval, and the server
 * monitors' last readings. Served from the coordinator's event loop; a scrape only reads
 * the last rendered text.
 */
export class MetricsEndpointOutput implements RunOutput {
  readonly name = 'metrics endpoint';
  private readonly counters = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private text = '# no interval closed yet\n';

  private constructor(private readonly server: Server) {
    server.on('request', (req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end('try /metrics\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(this.text);
    });
  }

  static async open(host: string, port: number): Promise<MetricsEndpointOutput> {
    const server = createServer();
    server.listen(port, host);
    await once(server, 'listening');
    return new MetricsEndpointOutput(server);
  }

  get url(): string {
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  }

  interval(iv: IntervalInfo): undefined {
    const r = iv.record;
    for (const [k, v] of Object.entries(r.counters)) this.counters.set(k, (this.counters.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(r.errors)) this.errors.set(k, (this.errors.get(k) ?? 0) + v);
    const out: string[] = [];
    const checks: string[] = [];
    for (const [k, v] of [...this.counters].sort()) {
      // `<expect>` checks by label, not in the metric name: two names that differ only in
      // `-` and `_` would otherwise meet in one metric.
      const check = checkOf(k);
      if (check) checks.push(`xload_checks_total{check="${label(check.name)}",result="${check.result}"} ${v}`);
      else out.push(`# TYPE xload_${metricName(k)}_total counter`, `xload_${metricName(k)}_total ${v}`);
    }
    if (checks.length) out.push('# TYPE xload_checks_total counter', ...checks);
    out.push('# TYPE xload_errors_total counter');
    for (const [k, v] of [...this.errors].sort()) out.push(`xload_errors_total{class="${label(k)}"} ${v}`);
    for (const [k, v] of Object.entries(r.gauges).sort()) out.push(`# TYPE xload_${metricName(k)} gauge`, `xload_${metricName(k)} ${v}`);
    out.push('# TYPE xload_latency_ms gauge');
    for (const [k, m] of Object.entries(r.metrics).sort()) {
      if (m.count === 0) continue;
      for (const [stat, v] of [
        ['p50', m.p50_ms],
        ['p90', m.p90_ms],
        ['p99', m.p99_ms],
        ['max', m.max_ms],
      ] as const)
        out.push(`xload_latency_ms{metric="${label(k)}",stat="${stat}"} ${v}`);
    }
    const servers = iv.sources['servers'];
    if (servers && typeof servers === 'object' && !Array.isArray(servers)) {
      out.push('# TYPE xload_server gauge');
      for (const [id, s] of Object.entries(servers)) {
        if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
        for (const [series, v] of Object.entries(s))
          if (typeof v === 'number') out.push(`xload_server{monitor="${label(id)}",series="${label(series)}"} ${v}`);
      }
    }
    out.push('# TYPE xload_load_phase gauge', `xload_load_phase ${iv.loadPhase}`);
    this.text = out.join('\n') + '\n';
    return undefined;
  }

  /** Stops serving; safe to call twice. */
  async end(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
