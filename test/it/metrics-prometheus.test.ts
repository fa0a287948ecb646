/**
 * `start --metrics-port` scraped by a real Prometheus (Debian's `prometheus`, from
 * scripts/setup-system.sh) on loopback with its own config and storage in a temp dir:
 * after a short chat run against ejabberd, Prometheus's query API has xload's figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, writeScenario } from './protocol-scenario.js';
import { sleep } from './monitor-fixture.js';

const PROM = '127.0.0.1:19390';
const METRICS_PORT = 19391;
let prom: ChildProcess | undefined;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xload-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: xload\n    static_configs:\n      - targets: ['127.0.0.1:${METRICS_PORT}']\n`,
  );
  prom = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${PROM}`],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://${PROM}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || prom.exitCode !== null) throw new Error('prometheus did not become ready in 60 s');
    await sleep(300);
  }
}, 90_000);
afterAll(() => {
  prom?.kill('SIGTERM');
});

async function query(q: string): Promise<number | undefined> {
  const r = (await (await fetch(`http://${PROM}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
    data?: { result?: { value: [number, string] }[] };
  };
  const v = r.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

describe('--metrics-port scraped by Prometheus', () => {
  it('has xload counters and gauges after a chat run', async () => {
    const file = writeScenario({
      server: EJABBERD,
      users: 20,
      rate: 5,
      durationSec: 4,
      userIdMax: 1000,
      sessionName: 'chat',
      fileName: 'chat-metrics.xml',
      session: `${login()}
      ${req('presence:initial', 'ack="no_ack"')}
      <for from="1" to="4" incr="1" var="i">
        ${req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"')}
        <thinktime value="1"/>
      </for>
      ${req('close', 'ack="no_ack"')}`,
    });
    const run = await runXload(file, ['--workers', '1', '--metrics-port', String(METRICS_PORT)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`metrics: http://127.0.0.1:${METRICS_PORT}/metrics`);
    await sleep(1500);
    expect(await query('up{job="xload"}')).toBeDefined();
    const started = await query('max_over_time(xload_users_started_total[5m])');
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThanOrEqual(run.summary.users.started);
    expect(await query('max_over_time(xload_users_active[5m])')).toBeGreaterThan(0);
    expect(await query('max_over_time(xload_stanzas_sent_total[5m])')).toBeGreaterThan(0);
  });
});
