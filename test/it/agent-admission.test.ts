/**
 * Distributed mode's bad inputs and security, and child-process shards (issue 6), against
 * the real ejabberd. Agents are separate processes on 127.0.0.x, killed in afterAll.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN, runCli, runXload } from './run-xload.js';
import { chatScenario, connectionsTo, killAll, makeWorkDir, startAgent, waitUntil, type AgentProc } from './agent-fixture.js';

const work = makeWorkDir();
const agents: AgentProc[] = [];
const tokenArgs = ['--token-file', work.tokenFile];
const coordArgs = ['--agent-token-file', work.tokenFile];
const tiny = { users: 6, rate: 6, chats: 2, tailS: 2 };

afterAll(() => killAll(agents));

async function agent(ip: string, port: number, args: string[] = [], bin?: string): Promise<AgentProc> {
  const a = await startAgent(ip, port, [...tokenArgs, ...args], bin);
  agents.push(a);
  return a;
}

/** `start` that must not start: exit code and what it printed. */
function startRefused(scenario: string, args: string[]) {
  return runCli(['-f', scenario, 'start', '--out', join(work.dir, `refused-${Date.now()}`), '--progress', '0', ...args]);
}

describe('child processes on this box (issue 6: one open-files limit per process)', () => {
  it('runs the local share in 3 processes and still accounts for every message', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, 'local', { users: 60, rate: 30, chats: 3, tailS: 3 });
    const run = await runXload(scenario, ['--processes', '3', '--workers', '3']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('the local share runs in 3 child processes');
    expect(run.summary.users.started).toBe(60);
    expect(run.summary.messages).toEqual({ sent: 180, delivered: 180, lost: 0, duplicated: 0, in_flight: 0 });
    const nodes = JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as {
      nodes: { kind: string; counters: Record<string, number> }[];
    };
    expect(nodes.nodes.map((n) => n.kind)).toEqual(['process', 'process', 'process']);
    expect(nodes.nodes.reduce((a, n) => a + (n.counters.messages_from_other_nodes ?? 0), 0)).toBeGreaterThan(0);
  });
});

describe('child processes outlive nothing', () => {
  it('stop their load within 5 s when the coordinator is killed', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, 'local', { users: 40, rate: 20, chats: 10, tailS: 10, localIp: '127.0.0.7' });
    const coord = spawn(
      process.execPath,
      [XLOAD_BIN, '-f', scenario, 'start', '--out', join(work.dir, 'proc-killed'), '--progress', '0', '--processes', '2', '--workers', '2'],
      { cwd: REPO_ROOT, stdio: 'ignore' },
    );
    try {
      expect(await waitUntil(() => (connectionsTo(EJABBERD.port).get('127.0.0.7') ?? 0) >= 20, 15_000)).toBe(true);
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(coord.pid)], { encoding: 'utf8' })
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(children).toHaveLength(2);
      coord.kill('SIGKILL');
      const killedAt = Date.now();
      const alive = () =>
        children.filter((pid) => {
          try {
            process.kill(pid, 0);
            return true;
          } catch {
            return false;
          }
        });
      await waitUntil(
        () => alive().length === 0 && (connectionsTo(EJABBERD.port).get('127.0.0.7') ?? 0) === 0,
        5000 - (Date.now() - killedAt),
      );
      expect(alive()).toEqual([]);
      expect(connectionsTo(EJABBERD.port).get('127.0.0.7') ?? 0).toBe(0);
    } finally {
      coord.kill('SIGKILL');
    }
  });
});

describe('agents refuse what they must', () => {
  it('refuses a target outside --allow-target, naming the agent; the run does not start', async () => {
    const a = await agent('127.0.0.2', 17921, ['--allow-target', '10.0.0.0/8']);
    const run = await startRefused(chatScenario(work.dir, EJABBERD, [a], tiny), coordArgs);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/agent 127\.0\.0\.2:17921 refused the run: target 127\.0\.0\.1 is not in this agent's --allow-target list/);
    expect(run.stdout).toMatch(/users\s+started 0/);
  });

  it('refuses when it cannot reach the target', async () => {
    const a = await agent('127.0.0.3', 17922);
    const run = await startRefused(chatScenario(work.dir, EJABBERD, [a], tiny, 1), coordArgs);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/agent 127\.0\.0\.3:17922 refused the run: cannot reach target 127\.0\.0\.1:1 from 127\.0\.0\.3/);
  });

  it('names both versions when agent and coordinator differ', async () => {
    // The same build, installed as another version: a copy of bin/ and dist/ with its own package.json.
    const other = join(work.dir, 'other-version');
    mkdirSync(other);
    cpSync(join(REPO_ROOT, 'bin'), join(other, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'dist'), join(other, 'dist'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(other, 'node_modules'));
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'xload', version: '9.9.9', type: 'module' }));
    const a = await agent('127.0.0.4', 17923, [], join(other, 'bin', 'xload.js'));
    const run = await startRefused(chatScenario(work.dir, EJABBERD, [a], tiny), coordArgs);
    expect(run.code).toBe(4);
    expect(run.stdout).toContain(
      `agent 127.0.0.4:17923: runs xload 9.9.9 (protocol 2), the coordinator runs xload ${pkg.version} (protocol 2)`,
    );
  });

  it('an unreachable agent stops the start, unless --max-lost-agents allows it', async () => {
    const a = await agent('127.0.0.2', 17924);
    const scenario = chatScenario(work.dir, EJABBERD, [a, { ip: '127.0.0.5', port: 17925 }], tiny);
    const refused = await startRefused(scenario, coordArgs);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toMatch(/agent 127\.0\.0\.5:17925: cannot connect .*the run was not started/);
    const run = await runXload(scenario, [...coordArgs, '--max-lost-agents', '1']);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/warning: agent 127\.0\.0\.5:17925: cannot connect/);
    expect(run.summary.users.started).toBe(6);
  });
});

describe('a signal while the nodes open (issue 12: opening before the coordinator exists)', () => {
  it('is held, not left to the default exit: the run stops once the nodes are open, exit 5 with a summary', async () => {
    // An "agent" that accepts the TCP connection and never speaks: the coordinator waits
    // for its gRPC handshake (5 s), and the Ctrl-C comes in that window.
    const connected: Socket[] = [];
    const silent = createServer((sock) => connected.push(sock));
    await new Promise<void>((r) => silent.listen(17929, '127.0.0.7', r));
    const dir = join(work.dir, 'held-signal');
    const scenario = chatScenario(
      work.dir,
      EJABBERD,
      [
        { ip: 'localhost', port: 0 },
        { ip: '127.0.0.7', port: 17929 },
      ],
      tiny,
    );
    const child = spawn(
      process.execPath,
      [XLOAD_BIN, '-f', scenario, 'start', '--out', dir, '--progress', '0', '--max-lost-agents', '1', ...coordArgs],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      expect(await waitUntil(() => connected.length > 0, 15_000)).toBe(true);
      child.kill('SIGINT');
      expect(await exited, out).toBe(5);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      connected.forEach((s) => s.destroy());
      silent.close();
    }
    expect(out).toContain('interrupted while the nodes open: the run stops as soon as they are open');
    expect(out).toMatch(/warning: agent 127\.0\.0\.7:17929: cannot connect/);
    expect(out).not.toMatch(/bug in xload|at .*\.js:\d+/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { status: string; users: { started: number } };
    expect({ status: summary.status, started: summary.users.started }).toEqual({ status: 'aborted', started: 0 });
    const lines = readFileSync(join(dir, 'stats.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ status: 'aborted', reason: 'interrupted (Ctrl-C)' });
  });
});

describe('--agents instead of <clients>', () => {
  it('runs the whole load on the listed agents, each binding to its --source-ip', async () => {
    const a = await agent('127.0.0.5', 17927, ['--source-ip', '127.0.0.5']);
    const b = await agent('127.0.0.6', 17928, ['--source-ip', '127.0.0.6']);
    // A Tsung scenario whose only client is localhost: with --agents, nothing runs locally.
    const scenario = chatScenario(work.dir, EJABBERD, 'local', { users: 40, rate: 20, chats: 2, tailS: 2 });
    const running = runXload(scenario, [...coordArgs, '--agents', `${a.ip}:${a.port},${b.ip}:${b.port}`]);
    expect(await waitUntil(() => ['127.0.0.5', '127.0.0.6'].every((ip) => (connectionsTo(EJABBERD.port).get(ip) ?? 0) > 0), 15_000)).toBe(
      true,
    );
    const run = await running;
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary.messages).toEqual({ sent: 80, delivered: 80, lost: 0, duplicated: 0, in_flight: 0 });
    const nodes = JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as {
      nodes: { name: string; counters: Record<string, number> }[];
    };
    expect(nodes.nodes.map((n) => [n.name, n.counters.users_started])).toEqual([
      ['127.0.0.5:17927', 20],
      ['127.0.0.6:17928', 20],
    ]);
  });
});

describe('TLS', () => {
  const pki = join(work.dir, 'pki');
  beforeAll(() => {
    // Test keys are generated here, never committed.
    mkdirSync(pki);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=xload-test-ca');
    for (const [name, san] of [
      ['agent', 'IP:127.0.0.3'],
      ['coord', 'DNS:coordinator'],
    ] as const) {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(join(pki, `${name}.ext`), `subjectAltName=${san}\n`);
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
  });

  it('runs over mutual TLS, and refuses a coordinator without a client certificate', async () => {
    const p = (f: string) => join(pki, f);
    const a = await agent('127.0.0.3', 17926, ['--tls-cert', p('agent.pem'), '--tls-key', p('agent.key'), '--tls-client-ca', p('ca.pem')]);
    expect(a.output()).toContain('(mutual TLS)');
    const scenario = chatScenario(work.dir, EJABBERD, [a], tiny);
    const run = await runXload(scenario, [
      ...coordArgs,
      '--agent-ca',
      p('ca.pem'),
      '--agent-cert',
      p('coord.pem'),
      '--agent-key',
      p('coord.key'),
    ]);
    expect(run.code, run.stdout).toBe(0);
    // Chats go to whoever is online: with 6 users, a few may find nobody yet (error_no_online).
    expect(run.summary.messages.sent).toBeGreaterThan(0);
    expect(run.summary.messages).toMatchObject({ delivered: run.summary.messages.sent, lost: 0, duplicated: 0 });
    const noCert = await startRefused(scenario, [...coordArgs, '--agent-ca', p('ca.pem')]);
    expect(noCert.code).toBe(4);
    expect(noCert.stdout).toMatch(/agent 127\.0\.0\.3:17926: .*the run was not started/);
    const plain = await startRefused(scenario, coordArgs);
    expect(plain.code).toBe(4);
  });
});
