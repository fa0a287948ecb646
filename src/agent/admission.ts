import { lookup } from 'node:dns/promises';
import { BlockList, isIP, connect } from 'node:net';
import { PLAN_VERSION, type Plan } from '../scenario/plan.js';
import { PROTOCOL_VERSION, type NodeInit } from '../engine/protocol.js';

/** Loopback only, unless the operator says otherwise with --allow-target. */
export const DEFAULT_ALLOWED_TARGETS = ['127.0.0.0/8', '::1/128', 'localhost'];

/** Targets an agent may load: CIDRs (10.0.0.0/8), single addresses, or host names. */
export class TargetPolicy {
  private readonly nets = new BlockList();
  private readonly names = new Set<string>();

  constructor(readonly entries: readonly string[]) {
    for (const e of entries) {
      const [addr, bits] = e.split('/');
      const family = isIP(addr ?? '');
      if (family === 0) {
        if (bits !== undefined) throw new RangeError(`--allow-target ${e}: not an address/prefix`);
        this.names.add(e.toLowerCase());
      } else if (bits === undefined) {
        this.nets.addAddress(addr!, family === 6 ? 'ipv6' : 'ipv4');
      } else {
        this.nets.addSubnet(addr!, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
      }
    }
  }

  /** null when allowed, else why not. Names are allowed by name, or when every address they resolve to is. */
  async check(host: string): Promise<string | null> {
    if (this.names.has(host.toLowerCase())) return null;
    const family = isIP(host);
    const addrs = family ? [{ address: host, family }] : await lookup(host, { all: true }).catch(() => []);
    if (addrs.length === 0) return `target ${host} does not resolve`;
    for (const a of addrs) {
      if (!this.nets.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')) {
        return `target ${host}${a.address !== host ? ` (${a.address})` : ''} is not in this agent's --allow-target list (${this.entries.join(', ')})`;
      }
    }
    return null;
  }
}

/** Why an agent refuses a run, with a stable code; null = accepted. */
export interface Refusal {
  code: 'agent_version' | 'agent_target' | 'agent_unreachable_target';
  message: string;
}

/** Checks a NodeInit before anything starts: versions, allowed targets, reachable targets. */
export async function admit(init: NodeInit, policy: TargetPolicy, xloadVersion: string, sourceIp?: string): Promise<Refusal | null> {
  if (init.protocol !== PROTOCOL_VERSION || init.plan.version !== PLAN_VERSION) {
    return {
      code: 'agent_version',
      message: `coordinator xload ${init.xloadVersion} sends protocol ${init.protocol} / plan ${init.plan.version}; this agent is xload ${xloadVersion} with protocol ${PROTOCOL_VERSION} / plan ${PLAN_VERSION}`,
    };
  }
  for (const s of init.plan.servers) {
    const why = await policy.check(s.host);
    if (why) return { code: 'agent_target', message: why };
  }
  for (const s of init.plan.servers) {
    const why = await probe(s.host, s.port, sourceIp, 3000);
    if (why)
      return {
        code: 'agent_unreachable_target',
        message: `cannot reach target ${s.host}:${s.port}${sourceIp ? ` from ${sourceIp}` : ''}: ${why}`,
      };
  }
  return null;
}

/** One TCP connect to the target (closed at once); null when it answers. */
function probe(host: string, port: number, localAddress: string | undefined, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    const done = (why: string | null) => {
      sock.destroy();
      resolve(why);
    };
    sock.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    sock.once('connect', () => done(null));
    sock.once('error', (err) => done(err.message));
  });
}

/** The plan the agent runs: its sockets bind to --source-ip when its `<client>` names no `<ip>`. */
export function withSourceIps(plan: Plan, ips: readonly string[]): Plan {
  if (ips.length === 0) return plan;
  const clients = plan.clients.length
    ? plan.clients
    : [{ host: 'agent', weight: 1, maxUsers: 800, useControllerVm: false, cpu: 1, ips: [] }];
  return { ...plan, clients: clients.map((c) => (c.ips.length ? c : { ...c, ips: [...ips] })) };
}
