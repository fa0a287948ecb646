import { describe, expect, it } from 'vitest';
import type { Plan } from '../scenario/plan.js';
import type { MonitorSpec } from '../scenario/plan-monitor.js';
import { ServerMonitorsSource } from './run-source.js';
import { MonitorUnreachableError } from './errors.js';

const POS = { line: 1, col: 1 };
const self: MonitorSpec = { type: 'process', id: 'self', host: 'localhost', pid: process.pid, pos: POS };
// Port 1 on loopback: nothing listens there, the connect is refused at once.
const nobody: MonitorSpec = { type: 'munin', id: 'gone', host: '127.0.0.1', port: 1, pos: POS };
const planWith = (monitors?: MonitorSpec[]) => ({ monitors }) as unknown as Plan;

describe('ServerMonitorsSource', () => {
  it('is absent without monitors', async () => {
    expect((await ServerMonitorsSource.open(planWith(), { intervalMs: 1000, optional: false, log: () => {} })).source).toBeNull();
  });

  it('samples each monitor under its id, for sources.servers', async () => {
    const { source } = await ServerMonitorsSource.open(planWith([self]), { intervalMs: 1000, optional: false, log: () => {} });
    expect(source?.field).toBe('servers');
    const v = (await source!.sample()) as Record<string, Record<string, number>>;
    expect(v.self?.rss_bytes).toBeGreaterThan(0);
    await source!.close();
  });

  it('refuses an unreachable monitor, or drops it with a warning when optional', async () => {
    await expect(
      ServerMonitorsSource.open(planWith([self, nobody]), { intervalMs: 1000, optional: false, log: () => {} }),
    ).rejects.toBeInstanceOf(MonitorUnreachableError);
    const { source, warnings } = await ServerMonitorsSource.open(planWith([self, nobody]), {
      intervalMs: 1000,
      optional: true,
      log: () => {},
    });
    expect(source?.ids).toEqual(['self']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('monitor gone');
    await source!.close();
  });
});
