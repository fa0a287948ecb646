import { describe, expect, it } from 'vitest';
import { MetricsEndpointOutput } from './metrics-endpoint.js';
import type { IntervalInfo } from './types.js';

const iv = (counters: Record<string, number>): IntervalInfo => ({
  kind: 'load',
  loadPhase: 1,
  loadStartMs: 1,
  totals: () => {
    throw new Error('not read');
  },
  record: {
    tEpochMs: 1,
    intervalMs: 1000,
    snapshots: 1,
    counters,
    gauges: { users_active: 3 },
    errors: { timeout: 1 },
    errorsFirstSeen: {},
    metrics: { 'request.auth_sasl': { hdr: '', count: 2, min_ms: 1, mean_ms: 2, p50_ms: 2, p90_ms: 3, p99_ms: 3, max_ms: 3 } },
  },
  sources: { servers: { beam: { cpu: 12.5 }, gone: null } },
});

describe('MetricsEndpointOutput', () => {
  it('serves running totals, gauges, latency and server readings in Prometheus text format on loopback', async () => {
    const out = await MetricsEndpointOutput.open('127.0.0.1', 0);
    expect(await (await fetch(out.url)).text()).toContain('no interval closed yet');
    out.interval(iv({ stanzas_sent: 5 }));
    out.interval(iv({ stanzas_sent: 7 }));
    const res = await fetch(out.url);
    expect(res.headers.get('content-type')).toContain('version=0.0.4');
    const text = await res.text();
    expect(text).toContain('xload_stanzas_sent_total 12\n');
    expect(text).toContain('xload_errors_total{class="timeout"} 2\n');
    expect(text).toContain('xload_users_active 3\n');
    expect(text).toContain('xload_latency_ms{metric="request.auth_sasl",stat="p99"} 3\n');
    expect(text).toContain('xload_server{monitor="beam",series="cpu"} 12.5\n');
    expect((await fetch(out.url.replace('/metrics', '/'))).status).toBe(404);
    await out.end();
    await out.end();
  });

  it('serves <expect> checks as one counter with check and result labels', async () => {
    const out = await MetricsEndpointOutput.open('127.0.0.1', 0);
    out.interval(iv({ 'check_pass.bob-gets-hi': 2, 'check_pass.bob_gets_hi': 1, 'check_fail.bob-gets-hi': 1 }));
    const text = await (await fetch(out.url)).text();
    expect(text).toContain(
      '# TYPE xload_checks_total counter\nxload_checks_total{check="bob-gets-hi",result="fail"} 1\nxload_checks_total{check="bob-gets-hi",result="pass"} 2\nxload_checks_total{check="bob_gets_hi",result="pass"} 1\n',
    );
    expect(text).not.toContain('xload_check_pass');
    await out.end();
  });
});
