import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentServer, type AgentOptions } from '../agent/server.js';
import { ErlangMonitor } from './erlang.js';
import { MonitorRefusedError, MonitorUnreachableError } from './errors.js';
import { MonitorSet } from './monitor-set.js';
import type { ErlangMonitorSpec } from '../scenario/plan-monitor.js';

const TOKEN = 'unit-token-0123456789';

function agent(over: Partial<AgentOptions> = {}): Promise<AgentServer> {
  return AgentServer.start({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    allowTargets: ['127.0.0.0/8'],
    sourceIps: [],
    workers: 1,
    xloadVersion: 'test',
    log: () => {},
    monitorOnly: true,
    ...over,
  });
}

const spec = (port: number): ErlangMonitorSpec => ({ type: 'erlang', id: 'db1', host: '127.0.0.1', port, pos: { line: 1, col: 1 } });

/** The loopback port a freshly closed agent had: nothing listens there now. */
async function freePort(): Promise<number> {
  const a = await agent();
  const port = a.port;
  await a.stop();
  return port;
}

describe('ErlangMonitor (type="erlang" through xload agent --monitor-only)', () => {
  it('reads the agent host: cpu, memory, load, named as the host monitor names them', async () => {
    const a = await agent();
    const m = new ErlangMonitor(spec(a.port), { token: TOKEN }, 2000);
    try {
      await m.open();
      await new Promise((r) => setTimeout(r, 200));
      const s = await m.sample();
      expect(s.cpu).toBeGreaterThanOrEqual(0);
      expect(s.cpu).toBeLessThanOrEqual(100);
      expect(s.mem_used_bytes).toBeGreaterThan(0);
      expect(s.mem_total_bytes).toBeGreaterThan(s.mem_used_bytes!);
      expect(s.load1).toBeGreaterThanOrEqual(0);
      expect(Object.keys(s).some((k) => k.startsWith('tcp_'))).toBe(false);
    } finally {
      await m.close();
      await a.stop();
    }
  });

  it('a wrong token is monitor_refused at open, naming the monitor and the flag', async () => {
    const a = await agent();
    const m = new ErlangMonitor(spec(a.port), { token: 'another-token-0123456789' }, 2000);
    const err = await m.open().catch((e: unknown) => e);
    await a.stop();
    expect(err).toBeInstanceOf(MonitorRefusedError);
    expect((err as Error).message).toBe(
      `monitor db1 (erlang: xload agent --monitor-only at 127.0.0.1:${a.port}) refused: wrong or missing token (see the agent's --token-file); pass --agent-token-file with the token the agent was started with`,
    );
  });

  it('a load agent (no --monitor-only) is refused before anything is sent', async () => {
    const a = await agent({ monitorOnly: false });
    const m = new ErlangMonitor(spec(a.port), { token: TOKEN }, 2000);
    const err = await m.open().catch((e: unknown) => e);
    await a.stop();
    expect(err).toBeInstanceOf(MonitorRefusedError);
    expect((err as Error).message).toMatch(/is a load agent \(`xload agent` without --monitor-only\)/);
  });

  it('nothing listening is monitor_unreachable, saying what to start', async () => {
    const port = await freePort();
    const m = new ErlangMonitor(spec(port), { token: TOKEN }, 500);
    const err = await m.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonitorUnreachableError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `cannot connect within 0.5 s .*xload agent --monitor-only --listen 127.0.0.1:${port}\` running without TLS\\? \\(a TLS agent needs --agent-ca\\)$`,
      ),
    );
  });

  it('an agent gone mid-run: one gap, then readings again once it is back on its port', async () => {
    let a = await agent();
    const port = a.port;
    const events: string[] = [];
    const set = new MonitorSet([new ErlangMonitor(spec(port), { token: TOKEN }, 1000)], {
      sampleTimeoutMs: 1500,
      events: { onGap: (id, why) => events.push(`gap ${id}: ${why}`), onRecover: (id) => events.push(`recover ${id}`) },
    });
    try {
      await set.open();
      expect((await set.sample()).monitors.db1).toMatchObject({ cpu: expect.any(Number) });
      await a.stop();
      await new Promise((r) => setTimeout(r, 100));
      expect((await set.sample()).monitors.db1).toBeNull();
      expect((await set.sample()).monitors.db1).toBeNull();
      a = await agent({ port });
      // The first call after it is back reconnects (its reading spans only the reconnect).
      expect((await set.sample()).monitors.db1).toBeNull();
      expect((await set.sample()).monitors.db1).toMatchObject({ cpu: expect.any(Number) });
      expect(events).toHaveLength(2);
      expect(events[0]).toMatch(/^gap db1: /);
      expect(events[1]).toBe('recover db1');
    } finally {
      await set.close();
      await a.stop();
    }
  });

  it('without a token it is refused at open', async () => {
    const err = await new ErlangMonitor(spec(1), undefined).open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonitorRefusedError);
    expect(err).toMatchObject({ code: 'monitor_refused', monitorId: 'db1' });
  });
});

describe('ErlangMonitor over TLS, as load agents', () => {
  /** A throwaway CA, an agent certificate for 127.0.0.1 and a coordinator client certificate (never committed). */
  function pki(): (f: string) => Buffer {
    const dir = mkdtempSync(join(tmpdir(), 'xload-monitor-pki-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=xload-test-ca');
    for (const [name, san] of [
      ['agent', 'IP:127.0.0.1'],
      ['coord', 'DNS:coordinator'],
    ] as const) {
      ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
      );
    }
    return (f) => readFileSync(join(dir, f));
  }

  it('reads through mutual TLS with --agent-ca/--agent-cert/--agent-key; without a client certificate it does not', async () => {
    const p = pki();
    const a = await agent({ tls: { cert: p('agent.pem'), key: p('agent.key'), clientCa: p('ca.pem') } });
    const m = new ErlangMonitor(spec(a.port), { token: TOKEN, ca: p('ca.pem'), cert: p('coord.pem'), key: p('coord.key') }, 2000);
    try {
      await m.open();
      expect((await m.sample()).mem_used_bytes).toBeGreaterThan(0);
      const noCert = await new ErlangMonitor(spec(a.port), { token: TOKEN, ca: p('ca.pem') }, 1000).open().catch((e: unknown) => e);
      expect(noCert).toMatchObject({ code: 'monitor_unreachable', monitorId: 'db1' });
      expect((noCert as Error).message).toMatch(
        /running with TLS\? \(an agent started with --tls-client-ca also needs --agent-cert and --agent-key\)$/,
      );
      const plain = await new ErlangMonitor(spec(a.port), { token: TOKEN }, 1000).open().catch((e: unknown) => e);
      expect(plain).toMatchObject({ code: 'monitor_unreachable' });
      expect((plain as Error).message).toMatch(/running without TLS\? \(a TLS agent needs --agent-ca\)$/);
    } finally {
      await m.close();
      await a.stop();
    }
  });
});
