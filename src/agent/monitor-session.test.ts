import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MONITOR_ONLY_REFUSAL, MonitorSession, pickSeries, type HostReader } from './monitor-session.js';
import { MONITOR_SERIES } from './monitor-protocol.js';
import type { ControlCall } from './session.js';
import { PROTOCOL_VERSION } from '../engine/protocol.js';
import { PLAN_VERSION } from '../scenario/plan.js';

/** A control stream as gRPC hands it to the session: the agent's side only. */
class FakeCall extends EventEmitter {
  written: Record<string, unknown>[] = [];
  ended = false;
  write(m: Record<string, unknown>): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

const hello = {
  type: 'hello',
  protocol: PROTOCOL_VERSION,
  xloadVersion: 'x',
  planVersion: PLAN_VERSION,
  workers: 0,
  hostname: 'h',
  role: 'monitor',
} as const;

function session(reader?: HostReader): { call: FakeCall; s: MonitorSession; log: string[] } {
  const call = new FakeCall();
  const log: string[] = [];
  let n = 0;
  const read: HostReader = reader ?? (() => Promise.resolve({ cpu: ++n * 10, mem_used_bytes: 5, tcp_established: 3, load1: 0.5 }));
  const s = new MonitorSession(call as unknown as ControlCall, { hello, log: (l) => log.push(l), newReader: () => read }, 'peer');
  return { call, s, log };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('MonitorSession (xload agent --monitor-only)', () => {
  it('says hello as a monitor agent and answers each request with the host series, keyed by seq', async () => {
    const { call } = session();
    expect(call.written[0]).toEqual(hello);
    call.emit('data', { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 7 });
    await settle();
    // Reading 1 primed the rates at session start; reading 2 answers seq 7; tcp_* stays out.
    expect(call.written[1]).toEqual({ type: 'monitor-sample', seq: 7, sample: { cpu: 20, mem_used_bytes: 5, load1: 0.5 } });
    call.emit('data', { type: 'ping', t0: 1 });
    expect(call.written[2]).toMatchObject({ type: 'pong', t0: 1 });
    expect(call.ended).toBe(false);
  });

  it('refuses a load plan with the reason, and ends that session', async () => {
    const { call, s, log } = session();
    call.emit('data', {
      type: 'init-node',
      protocol: PROTOCOL_VERSION,
      xloadVersion: 'x',
      plan: {
        version: PLAN_VERSION,
        servers: [{ host: '127.0.0.1', port: 5222 }],
        clients: [],
        sessions: [],
        load: {},
        options: { fileServers: [] },
      },
      node: { index: 2, name: 'a' },
      shards: { first: 0, count: 1, total: 1 },
      segment: { from: 0, to: 1 },
      ids: { lo: 1, hi: 2 },
      seq: { base: 0, size: 1, total: 1 },
      replicated: false,
      clockOffsetMs: 0,
      runId: '20260101-000000',
      intervalMs: 1000,
      requestTimeoutMs: 1000,
      seed: 1,
    });
    await s.closed;
    expect(call.written.at(-1)).toEqual({ type: 'refused', node: 2, code: 'agent_monitor_only', message: MONITOR_ONLY_REFUSAL });
    expect(log.join('\n')).toMatch(/refused init-node from peer: monitor-only agent/);
    const { call: call2, s: s2 } = session();
    call2.emit('data', { type: 'start', startAt: 1 });
    await s2.closed;
    expect(call2.written.at(-1)).toEqual({ type: 'refused', node: -1, code: 'agent_monitor_only', message: MONITOR_ONLY_REFUSAL });
    expect(MONITOR_ONLY_REFUSAL).toMatch(/monitor-only agent .* runs no load/);
    expect(call2.ended).toBe(true);
  });

  it('a request of another protocol version is refused as such', async () => {
    const { call, s } = session();
    call.emit('data', { type: 'monitor', protocol: 3, seq: 1 });
    await s.closed;
    expect(call.written.at(-1)).toMatchObject({ type: 'refused', code: 'agent_version' });
  });

  it('a host that cannot be read is an answer with the reason, and the session goes on', async () => {
    const { call } = session(() => Promise.reject(new Error('ENOENT /proc/stat')));
    call.emit('data', { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 1 });
    await settle();
    expect(call.written[1]).toEqual({ type: 'monitor-sample', seq: 1, error: 'ENOENT /proc/stat' });
    expect(call.ended).toBe(false);
  });

  it('reads this host from /proc by default: every promised series, plausible', async () => {
    const call = new FakeCall();
    const real = new MonitorSession(call as unknown as ControlCall, { hello, log: () => {} }, 'peer');
    await new Promise((r) => setTimeout(r, 150));
    call.written = [];
    call.emit('data', { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 1 });
    await new Promise((r) => setTimeout(r, 100));
    const sample = (call.written[0] as { sample: Record<string, number> }).sample;
    expect(Object.keys(sample)).toEqual([...MONITOR_SERIES]);
    expect(sample.cpu).toBeGreaterThanOrEqual(0);
    expect(sample.cpu).toBeLessThanOrEqual(100);
    expect(sample.mem_total_bytes).toBeGreaterThan(sample.mem_used_bytes!);
    real.end('done');
  });

  it('pickSeries keeps the promised finite numbers only', () => {
    expect(pickSeries({ cpu: 1, load5: NaN, tcp_listen: 2, net_rx_bytes_per_s: 3 })).toEqual({ cpu: 1, net_rx_bytes_per_s: 3 });
  });
});
