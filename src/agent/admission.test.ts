import { describe, expect, it } from 'vitest';
import { admit, DEFAULT_ALLOWED_TARGETS, TargetPolicy, withSourceIps } from './admission.js';
import type { NodeInit } from '../engine/protocol.js';
import { PLAN_VERSION, type Plan } from '../scenario/plan.js';

describe('TargetPolicy', () => {
  it('allows loopback only by default', async () => {
    const p = new TargetPolicy(DEFAULT_ALLOWED_TARGETS);
    expect(await p.check('127.0.0.1')).toBeNull();
    expect(await p.check('127.3.4.5')).toBeNull();
    expect(await p.check('::1')).toBeNull();
    expect(await p.check('localhost')).toBeNull();
    expect(await p.check('10.1.2.3')).toMatch(/not in this agent's --allow-target list/);
    expect(await p.check('192.168.0.10')).toMatch(/192\.168\.0\.10/);
  });

  it('takes CIDRs, single addresses and names', async () => {
    const p = new TargetPolicy(['10.0.0.0/8', '192.168.1.7', 'xmpp.example']);
    expect(await p.check('10.200.0.1')).toBeNull();
    expect(await p.check('192.168.1.7')).toBeNull();
    expect(await p.check('192.168.1.8')).not.toBeNull();
    expect(await p.check('XMPP.example')).toBeNull();
    expect(await p.check('127.0.0.1')).not.toBeNull();
  });

  it('rejects a malformed entry', () => {
    expect(() => new TargetPolicy(['example/8'])).toThrow(/not an address/);
  });
});

describe('withSourceIps', () => {
  const plan = { clients: [{ host: 'a', weight: 1, maxUsers: 1, useControllerVm: false, cpu: 1, ips: [] as string[] }] } as unknown as Plan;
  it('binds to --source-ip only where the <client> names no <ip>', () => {
    expect(withSourceIps(plan, ['127.0.0.2']).clients[0]!.ips).toEqual(['127.0.0.2']);
    const withIp = { ...plan, clients: [{ ...plan.clients[0]!, ips: ['127.0.0.9'] }] };
    expect(withSourceIps(withIp, ['127.0.0.2']).clients[0]!.ips).toEqual(['127.0.0.9']);
    expect(withSourceIps(plan, [])).toBe(plan);
  });
});

describe('admit', () => {
  const init = (over: { protocol?: number; planVersion?: number; host?: string }) =>
    ({
      protocol: over.protocol ?? 2,
      xloadVersion: '0.9.0',
      plan: { version: over.planVersion ?? PLAN_VERSION, servers: [{ host: over.host ?? '127.0.0.1', port: 1, type: 'tcp', weight: 1 }] },
    }) as unknown as NodeInit;
  const policy = new TargetPolicy(DEFAULT_ALLOWED_TARGETS);

  it('refuses another plan or protocol version, naming both sides', async () => {
    const r = await admit(init({ planVersion: 7 }), policy, '0.1.0');
    expect(r?.code).toBe('agent_version');
    expect(r?.message).toBe('coordinator xload 0.9.0 sends protocol 2 / plan 7; this agent is xload 0.1.0 with protocol 2 / plan 2');
    expect((await admit(init({ protocol: 1 }), policy, '0.1.0'))?.code).toBe('agent_version');
  });

  it('refuses a target outside the allow list before connecting to anything', async () => {
    expect(await admit(init({ host: '203.0.113.9' }), policy, '0.1.0')).toEqual({
      code: 'agent_target',
      message: "target 203.0.113.9 is not in this agent's --allow-target list (127.0.0.0/8, ::1/128, localhost)",
    });
  });
});
