/**
 * SNMP and munin monitors (issue 14) against Debian's snmpd and munin-node, started on
 * loopback by scripts/snmpd and scripts/munin (ports in monitor-fixture.ts), their
 * figures held against /proc read by the test; snmpd stopped mid-test gives a gap that
 * ends when it is started again. No XMPP users.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MonitorSet, MonitorUnreachableError } from '../../src/monitor/index.js';
import { MuninMonitor } from '../../src/monitor/munin.js';
import { SnmpMonitor } from '../../src/monitor/snmp.js';
import { runScript } from './servers.js';
import { hostCpuPercent, hostJiffies, loadavg, meminfo, MUNIN, sleep, SNMPD, spec, startBurner, stopBurner } from './monitor-fixture.js';

const snmpSpec = { ...spec('snmp', { port: SNMPD.port, community: 'public', version: 'v2', oids: [] }), id: 'snmp-local' } as const;
const snmpStart = ['--dir', SNMPD.dir, '--port', String(SNMPD.port)];
const muninStart = ['--dir', MUNIN.dir, '--port', String(MUNIN.port)];

let burner: ChildProcess | undefined;
beforeAll(async () => {
  await Promise.all([runScript('snmpd/start.sh', [...snmpStart, '--fresh']), runScript('munin/start.sh', [...muninStart, '--fresh'])]);
});
afterAll(async () => {
  await Promise.all([runScript('snmpd/stop.sh', snmpStart), runScript('munin/stop.sh', muninStart)]);
});
afterEach(async () => {
  await stopBurner(burner);
  burner = undefined;
});

/**
 * Host CPU over a window with one core kept busy (half of this 2-core host): steady, so
 * snmpd's 5-second cache of its counters shifts the window it reports without changing
 * the rate much.
 */
async function busyWindow(
  read: () => Promise<Record<string, number>>,
  open: () => Promise<void>,
  ms: number,
): Promise<{ sample: Record<string, number>; truth: number }> {
  burner = await startBurner(ms + 20_000);
  await sleep(5500);
  const j0 = hostJiffies();
  await open();
  await sleep(ms);
  const sample = await read();
  return { sample, truth: hostCpuPercent(j0, hostJiffies()) };
}

describe('snmp monitor (UCD-SNMP-MIB, as Tsung reads it)', () => {
  it('reads CPU within 5 points of /proc, memory and load as /proc has them', async () => {
    const m = new SnmpMonitor(snmpSpec);
    const { sample, truth } = await busyWindow(
      () => m.sample(),
      () => m.open(),
      10_000,
    );
    await m.close();
    expect(truth).toBeGreaterThan(40);
    expect(Math.abs((sample.cpu ?? NaN) - truth)).toBeLessThanOrEqual(5);
    const mem = meminfo();
    expect(sample.mem_total_bytes).toBe(mem.MemTotal);
    expect(Math.abs((sample.mem_used_bytes ?? 0) - ((mem.MemTotal ?? 0) - (mem.MemAvailable ?? 0)))).toBeLessThan(
      0.03 * (mem.MemTotal ?? 0),
    );
    expect(Math.abs((sample.load1 ?? NaN) - (loadavg()[0] ?? NaN))).toBeLessThan(0.6);
  });

  it('an agent that does not answer is monitor_unreachable, naming the monitor', async () => {
    const set = MonitorSet.fromSpecs([{ ...snmpSpec, id: 'nobody', port: SNMPD.port + 37 }], { sampleTimeoutMs: 800 });
    const err = await set.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonitorUnreachableError);
    expect(err).toMatchObject({ code: 'monitor_unreachable', monitorId: 'nobody' });
  });

  it('snmpd stopped mid-run: null intervals, one gap report, recovery after restart', async () => {
    const events: string[] = [];
    const set = MonitorSet.fromSpecs([snmpSpec], {
      sampleTimeoutMs: 1000,
      events: { onGap: (id, why) => events.push(`gap ${id} ${why}`), onRecover: (id) => events.push(`recover ${id}`) },
    });
    await set.open();
    expect((await set.sample()).monitors['snmp-local']).not.toBeNull();
    await runScript('snmpd/stop.sh', snmpStart);
    const during = [await set.sample(), await set.sample(), await set.sample()];
    expect(during.map((s) => s.monitors['snmp-local'])).toEqual([null, null, null]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/^gap snmp-local /);
    await runScript('snmpd/start.sh', snmpStart);
    const after = await set.sample();
    expect(after.monitors['snmp-local']?.mem_total_bytes).toBe(meminfo().MemTotal);
    expect(events.slice(1)).toEqual(['recover snmp-local']);
    await set.close();
  });
});

describe('munin monitor (cpu, memory, load plugins, as Tsung fetches them)', () => {
  it('reads CPU within 5 points of /proc, memory and load as /proc has them', async () => {
    const m = new MuninMonitor({ ...spec('munin', { port: MUNIN.port }), id: 'munin-local' });
    const { sample, truth } = await busyWindow(
      () => m.sample(),
      () => m.open(),
      6000,
    );
    expect(truth).toBeGreaterThan(40);
    expect(Math.abs((sample.cpu ?? NaN) - truth)).toBeLessThanOrEqual(5);
    const mem = meminfo();
    expect(sample.mem_total_bytes).toBe(mem.MemTotal);
    const used = (mem.MemTotal ?? 0) - (mem.MemFree ?? 0) - (mem.Buffers ?? 0) - (mem.Cached ?? 0);
    expect(Math.abs((sample.mem_used_bytes ?? 0) - used)).toBeLessThan(0.02 * (mem.MemTotal ?? 0));
    expect(Math.abs((sample.load5 ?? NaN) - (loadavg()[1] ?? NaN))).toBeLessThan(0.3);
  });

  it('a node that refuses is monitor_unreachable, naming the monitor', async () => {
    const m = new MuninMonitor({ ...spec('munin', { port: MUNIN.port + 41 }), id: 'munin-off' });
    await expect(m.open()).rejects.toMatchObject({ code: 'monitor_unreachable', monitorId: 'munin-off' });
  });
});
