/**
 * deploy/ holds what users copy onto load boxes and clusters: parse it and check it says
 * what the agent and the coordinator actually accept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import yargs from 'yargs';
import { commands } from '../cli/commands.js';
import { plaintextListenWarning } from './plaintext-warning.js';

const read = (p: string) => readFileSync(new URL(`../../deploy/${p}`, import.meta.url), 'utf8');

/** Long flags a command accepts, from its own yargs option table. */
async function flagsOf(command: string): Promise<Set<string>> {
  const cmd = commands.find((c) => c.command === command)!;
  const y = cmd.builder(yargs([]).option('file', { alias: 'f', type: 'string' })) as unknown as {
    getOptions(): { key: Record<string, unknown> };
  };
  return new Set(Object.keys(y.getOptions().key));
}

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };
function docs(p: string): Doc[] {
  return parseAllDocuments(read(p)).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
}

describe('deploy/kubernetes', () => {
  const agents = docs('kubernetes/agents.yaml');
  const job = docs('kubernetes/coordinator-job.yaml');

  it('runs agents as a StatefulSet behind a headless Service on the port they listen on', async () => {
    const svc = agents.find((d) => d.kind === 'Service')!;
    const sts = agents.find((d) => d.kind === 'StatefulSet')!;
    expect(svc.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
    const c = (sts.spec as { template: { spec: { containers: { args: string[]; ports: { containerPort: number }[] }[] } } }).template.spec
      .containers[0]!;
    const listen = c.args[c.args.indexOf('--listen') + 1]!;
    expect(Number(listen.split(':')[1])).toBe(c.ports[0]!.containerPort);
    expect((svc.spec.ports as { port: number }[])[0]!.port).toBe(c.ports[0]!.containerPort);
    expect(c.args[0]).toBe('agent');
    const known = await flagsOf('agent');
    for (const a of c.args.filter((x) => x.startsWith('--'))) expect(known, a).toContain(a.slice(2));
    expect(c.args).toContain('--token-file');
  });

  it('runs the coordinator as a Job that lists every agent pod by its stable name', async () => {
    const j = job.find((d) => d.kind === 'Job')!;
    const sts = agents.find((d) => d.kind === 'StatefulSet')!;
    const spec = j.spec as { backoffLimit: number; template: { spec: { restartPolicy: string; containers: { args: string[] }[] } } };
    expect(spec.backoffLimit).toBe(0);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    const args = spec.template.spec.containers[0]!.args;
    expect(args.slice(0, 3)).toEqual(['-f', '/etc/xload/scenario/scenario.xml', 'start']);
    const list = args[args.indexOf('--agents') + 1]!.split(',');
    const replicas = sts.spec.replicas as number;
    expect(list).toEqual(Array.from({ length: replicas }, (_, i) => `${sts.metadata.name}-${i}.${sts.spec.serviceName as string}:7911`));
    const known = await flagsOf('start');
    for (const a of args.filter((x) => x.startsWith('--'))) expect(known, a).toContain(a.slice(2));
  });
});

/** A listen address's host: `HOST:PORT`, `[V6]:PORT`, `$(POD_IP):PORT`. */
const hostOf = (listen: string) => listen.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
const ALL_INTERFACES = ['0.0.0.0', '::', '', '*'];
/** Words a shipped file uses to say its default is plaintext. */
const SAYS_PLAINTEXT = /plaintext|clear text/i;

describe('deploy defaults never listen in plaintext on all interfaces without saying so (issue 13)', () => {
  it('kubernetes: the agent binds the pod IP, not a wildcard, and the manifest says it is plaintext', () => {
    const text = read('kubernetes/agents.yaml');
    const sts = docs('kubernetes/agents.yaml').find((d) => d.kind === 'StatefulSet')!;
    const c = (sts.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!;
    const host = hostOf(c.args[c.args.indexOf('--listen') + 1]!);
    expect(ALL_INTERFACES).not.toContain(host);
    expect(host).toBe('$(POD_IP)');
    if (!c.args.includes('--tls-cert')) {
      expect(text).toMatch(SAYS_PLAINTEXT);
      // A pod IP is reachable by other pods: the agent itself says so at start too.
      expect(plaintextListenWarning('10.1.2.3', false)).toMatch(/^warning: plaintext gRPC/);
    }
  });

  it('systemd: the unit and its defaults file bind loopback, or say plaintext and warn', () => {
    const unit = read('systemd/xload-agent.service');
    const defaults = read('systemd/xload-agent.default');
    const listens = [
      ...[...unit.matchAll(/^Environment=XLOAD_LISTEN=(\S+)$/gm)].map((m) => m[1]!),
      ...[...defaults.matchAll(/^XLOAD_LISTEN=(\S+)$/gm)].map((m) => m[1]!),
    ];
    expect(listens.length).toBeGreaterThanOrEqual(2);
    const tls = /^XLOAD_AGENT_EXTRA=.*--tls-cert/m.test(defaults);
    for (const l of listens) {
      const host = hostOf(l);
      expect(ALL_INTERFACES, l).not.toContain(host);
      if (!tls && plaintextListenWarning(host, false) !== undefined) expect(defaults).toMatch(SAYS_PLAINTEXT);
    }
    expect(defaults).toMatch(SAYS_PLAINTEXT);
  });
});

describe('deploy/systemd', () => {
  const unit = read('systemd/xload-agent.service');
  const sections = new Map<string, Map<string, string[]>>();
  let cur = '';
  for (const line of unit.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const sec = /^\[(\w+)\]$/.exec(t);
    if (sec) {
      cur = sec[1]!;
      sections.set(cur, new Map());
      continue;
    }
    const eq = t.indexOf('=');
    expect(eq, t).toBeGreaterThan(0);
    const m = sections.get(cur)!;
    m.set(t.slice(0, eq), [...(m.get(t.slice(0, eq)) ?? []), t.slice(eq + 1)]);
  }

  it('is a complete unit that starts the agent with a token and a raised open-files limit', async () => {
    expect([...sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
    const svc = sections.get('Service')!;
    const exec = svc.get('ExecStart')![0]!;
    expect(exec).toMatch(/^\/usr\/bin\/xload agent --listen /);
    expect(exec).toContain('--token-file /etc/xload/token');
    const known = await flagsOf('agent');
    for (const m of exec.matchAll(/--([a-z-]+)/g)) expect(known, m[0]).toContain(m[1]);
    expect(Number(svc.get('LimitNOFILE')![0])).toBeGreaterThan(100_000);
    expect(svc.get('User')).toEqual(['xload']);
    expect(sections.get('Install')!.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('ships a defaults file for the variables the unit uses', () => {
    const defaults = read('systemd/xload-agent.default');
    for (const v of ['XLOAD_LISTEN', 'XLOAD_ALLOW_TARGET', 'XLOAD_AGENT_EXTRA']) expect(defaults).toMatch(new RegExp(`^${v}=`, 'm'));
  });
});
