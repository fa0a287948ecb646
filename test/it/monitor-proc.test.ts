/**
 * Process and host monitors (issue 14) against /proc read independently by the test:
 * ejabberd's pid under a bounded loop of HTTP API calls, and a CPU burner started here.
 * Uses no XMPP users (the load is ejabberd's HTTP API on loopback).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitorSet, MonitorUnreachableError } from '../../src/monitor/index.js';
import { ProcessMonitor } from '../../src/monitor/process.js';
import { HostMonitor } from '../../src/monitor/host.js';
import { EJABBERD } from './servers.js';
import { hostCpuPercent, hostJiffies, meminfo, pidTicks, sleep, spec, startBurner, stopBurner } from './monitor-fixture.js';
import type { ChildProcess } from 'node:child_process';

let burner: ChildProcess | undefined;
afterEach(async () => {
  await stopBurner(burner);
  burner = undefined;
});

function ejabberdPid(): number {
  return Number(readFileSync(`${EJABBERD.dir}/ejabberd.pid`, 'utf8').trim());
}

/** `count` POST /api/stats over one keep-alive connection, or until `maxMs`: bounded load on ejabberd. */
async function apiLoad(count: number, maxMs: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const end = Date.now() + maxMs;
  let done = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: EJABBERD.host,
          port: EJABBERD.httpPort,
          path: '/api/stats',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end('{"name":"processes"}');
    });
  const lane = async (): Promise<void> => {
    while (done < count && Date.now() < end) {
      done += 1;
      await one();
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  agent.destroy();
  return done;
}

const CLK_TCK = 100;

describe('process monitor', () => {
  it("reads ejabberd's CPU under load within 5 points of /proc over the same window", async () => {
    const pid = ejabberdPid();
    const monitor = new ProcessMonitor(spec('process', { pid, host: 'localhost' }));
    const t0 = performance.now();
    const ticks0 = pidTicks(pid);
    await monitor.open();
    const calls = await apiLoad(20_000, 6000);
    const s = await monitor.sample();
    const ticks1 = pidTicks(pid);
    const t1 = performance.now();
    await monitor.close();
    const truth = (100 * (ticks1 - ticks0)) / CLK_TCK / ((t1 - t0) / 1000);
    expect(calls).toBeGreaterThan(100);
    expect(truth).toBeGreaterThan(10); // the load did load ejabberd
    expect(Math.abs((s.cpu ?? NaN) - truth)).toBeLessThanOrEqual(5);
    expect(s.rss_bytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(s.procs).toBe(1);
    // ejabberd listens on c2s, TLS and HTTP at least.
    expect(s.tcp_sockets).toBeGreaterThanOrEqual(3);
    expect(s.fds).toBeGreaterThan(s.tcp_sockets ?? 0);
  });

  it('reads a busy loop as one core (about 100%), by name summing every match', async () => {
    burner = await startBurner(30_000);
    const pid = burner.pid ?? 0;
    const byPid = new ProcessMonitor(spec('process', { pid, host: 'localhost' }));
    await byPid.open();
    const ticks0 = pidTicks(pid);
    const t0 = performance.now();
    await sleep(3000);
    const s = await byPid.sample();
    const truth = (100 * (pidTicks(pid) - ticks0)) / CLK_TCK / ((performance.now() - t0) / 1000);
    expect(Math.abs((s.cpu ?? NaN) - truth)).toBeLessThanOrEqual(5);
    expect(s.cpu).toBeGreaterThan(60);
    const byName = new ProcessMonitor(spec('process', { name: 'beam.smp', host: 'localhost' }));
    await byName.open();
    const named = await byName.sample();
    expect(named.procs).toBeGreaterThanOrEqual(1);
    expect(named.rss_bytes).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('a process that does not exist is monitor_unreachable, naming the monitor', async () => {
    const set = MonitorSet.fromSpecs([{ ...spec('process', { name: 'no-such-server-xyz', host: 'localhost' }), id: 'ghost' }]);
    const err = await set.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonitorUnreachableError);
    expect(err).toMatchObject({ code: 'monitor_unreachable', monitorId: 'ghost' });
    expect(String(err)).toContain('ghost');
  });

  it('a pid that exits mid-run gives a gap reported once', async () => {
    burner = await startBurner(30_000);
    const gaps: string[] = [];
    const set = MonitorSet.fromSpecs([{ ...spec('process', { pid: burner.pid ?? 0, host: 'localhost' }), id: 'burner' }], {
      events: { onGap: (id) => gaps.push(id) },
    });
    await set.open();
    expect((await set.sample()).monitors.burner).not.toBeNull();
    await stopBurner(burner);
    expect((await set.sample()).monitors.burner).toBeNull();
    expect((await set.sample()).monitors.burner).toBeNull();
    expect(gaps).toEqual(['burner']);
    await set.close();
  });
});

describe('host monitor', () => {
  it('reads host CPU within 5 points of /proc under a busy loop, and memory as /proc has it', async () => {
    burner = await startBurner(30_000);
    const host = new HostMonitor(spec('host', { host: 'localhost' }));
    const j0 = hostJiffies();
    await host.open();
    await sleep(3000);
    const s = await host.sample();
    const truth = hostCpuPercent(j0, hostJiffies());
    expect(Math.abs((s.cpu ?? NaN) - truth)).toBeLessThanOrEqual(5);
    expect(s.cpu).toBeGreaterThan(25); // one core of two, at least half busy
    const m = meminfo();
    expect(s.mem_total_bytes).toBe(m.MemTotal);
    expect(Math.abs((s.mem_used_bytes ?? 0) - ((m.MemTotal ?? 0) - (m.MemAvailable ?? 0)))).toBeLessThan(0.02 * (m.MemTotal ?? 0));
    expect(s.tcp_listen).toBeGreaterThanOrEqual(3);
  });
});
