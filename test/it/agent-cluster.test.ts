/**
 * Distributed mode (issue 7) against the real ejabberd: a coordinator and three agents as
 * separate processes, each agent on its own loopback address (127.0.0.2, .3, .4).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN, runCli, runXload } from './run-xload.js';
import { chatScenario, connectionsTo, killAll, makeWorkDir, sleep, startAgent, waitUntil, type AgentProc } from './agent-fixture.js';

interface NodesFile {
  nodes: { name: string; kind: string; status: string; users_lost?: number; counters: Record<string, number> }[];
}

const IPS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const work = makeWorkDir();
const agents: AgentProc[] = [];
const tokenArgs = ['--token-file', work.tokenFile];

async function startThree(port: number): Promise<AgentProc[]> {
  const three = await Promise.all(IPS.map((ip) => startAgent(ip, port, tokenArgs)));
  agents.push(...three);
  return three;
}

afterAll(() => killAll(agents));

describe('three agents on 127.0.0.2-4', () => {
  let three: AgentProc[] = [];
  beforeAll(async () => {
    three = await startThree(17911);
  });

  it('merges their counts exactly and delivers every message across agents', async () => {
    expect.assertions(13);
    const scenario = chatScenario(work.dir, EJABBERD, three, { users: 90, rate: 30, chats: 4, tailS: 3 });
    const running = runXload(scenario, ['--agent-token-file', work.tokenFile]);
    await waitUntil(() => IPS.every((ip) => (connectionsTo(EJABBERD.port).get(ip) ?? 0) > 0), 15_000);
    const seen = connectionsTo(EJABBERD.port);
    const run = await running;
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.status).toBe('completed');
    // Each agent's sockets come from its own address.
    for (const ip of IPS) expect(seen.get(ip) ?? 0, JSON.stringify([...seen])).toBeGreaterThan(0);
    expect(s.users.started).toBe(90);
    expect(s.messages).toEqual({ sent: 360, delivered: 360, lost: 0, duplicated: 0, in_flight: 0 });
    expect(s.metrics.xmpp_msg_latency?.count).toBe(360);
    const nodes = (JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as NodesFile).nodes;
    expect(nodes.map((n) => n.name)).toEqual(IPS.map((ip) => `${ip}:17911`));
    const sum = (k: string) => nodes.reduce((a, n) => a + (n.counters[k] ?? 0), 0);
    // Merged totals are exactly the sum of what each agent reported.
    expect(['users_started', 'users_finished', 'messages_sent', 'stanzas_sent', 'bytes_sent'].map((k) => sum(k))).toEqual([
      s.users.started,
      s.users.finished,
      s.messages.sent,
      s.counters.stanzas_sent,
      s.counters.bytes_sent,
    ]);
    expect(sum('messages_delivered')).toBe(360);
    // Messages crossed agents (destinations are picked from the cluster-wide online set).
    expect(sum('messages_from_other_nodes')).toBeGreaterThan(100);
    expect(run.stdout).toMatch(/clock -?\d+(\.\d+)? ± \d+(\.\d+)? ms/);
  });

  it('reports an agent killed with SIGKILL as lost, keeping the data it had sent', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, three, { users: 90, rate: 30, chats: 8, tailS: 3 });
    const running = runXload(scenario, ['--agent-token-file', work.tokenFile]);
    try {
      // Once its users are connected and have chatted for a couple of intervals.
      expect(await waitUntil(() => (connectionsTo(EJABBERD.port).get(IPS[1]!) ?? 0) >= 20, 15_000)).toBe(true);
      await sleep(4500);
      three[1]!.proc.kill('SIGKILL');
      const run = await running;
      const s = run.summary;
      expect(run.code).toBe(4);
      expect(s.status).toBe('failed');
      expect(run.stdout).toContain('agent 127.0.0.3:17911 lost');
      const nodes = (JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as NodesFile).nodes;
      const dead = nodes[1]!;
      expect(dead.status).toBe('lost');
      expect(dead.counters.users_started).toBeGreaterThan(0);
      expect(dead.counters.messages_sent).toBeGreaterThan(0);
      expect(dead.users_lost).toBeGreaterThan(0);
      expect(s.errors.agent_lost).toBe(dead.users_lost);
      // Its sent messages up to the kill are in the merged totals.
      expect(s.messages.sent).toBeGreaterThanOrEqual(nodes.reduce((a, n) => a + (n.counters.messages_sent ?? 0), 0));
    } finally {
      // Restart it for the next tests.
      three[1]!.proc.kill('SIGKILL');
      await running.catch(() => undefined);
      three[1] = await startAgent(IPS[1]!, 17911, tokenArgs);
      agents.push(three[1]);
    }
  });

  it("stops every agent's load within 5 s when the coordinator is killed", async () => {
    const scenario = chatScenario(work.dir, EJABBERD, three, { users: 60, rate: 30, chats: 10, tailS: 10 });
    const coord = spawn(
      process.execPath,
      [XLOAD_BIN, '-f', scenario, 'start', '--out', join(work.dir, 'killed'), '--progress', '0', '--agent-token-file', work.tokenFile],
      { cwd: REPO_ROOT, stdio: 'ignore' },
    );
    try {
      await waitUntil(() => IPS.every((ip) => (connectionsTo(EJABBERD.port).get(ip) ?? 0) > 0), 15_000);
      const before = connectionsTo(EJABBERD.port);
      for (const ip of IPS) expect(before.get(ip) ?? 0).toBeGreaterThan(0);
      coord.kill('SIGKILL');
      const killedAt = Date.now();
      let left = 1;
      while (Date.now() - killedAt < 5000) {
        const now = connectionsTo(EJABBERD.port);
        left = IPS.reduce((a, ip) => a + (now.get(ip) ?? 0), 0);
        if (left === 0) break;
        await sleep(100);
      }
      expect(left).toBe(0);
      // Each agent says so in its log (the line may trail the sockets closing a little).
      for (let i = 0; i < 20 && !three.every((a) => /all load stopped in \d+ ms/.test(a.output())); i++) await sleep(100);
      for (const a of three) expect(a.output()).toMatch(/coordinator [^\n]*: load stopped\n[^\n]*all load stopped in \d+ ms/);
    } finally {
      coord.kill('SIGKILL');
    }
  });

  it('marks a silent agent lost after 3 s and, with --max-lost-agents 1, finishes without it', async () => {
    const scenario = chatScenario(work.dir, EJABBERD, three, { users: 60, rate: 30, chats: 4, tailS: 3 });
    const running = runXload(scenario, ['--agent-token-file', work.tokenFile, '--max-lost-agents', '1']);
    expect(await waitUntil(() => (connectionsTo(EJABBERD.port).get(IPS[2]!) ?? 0) >= 10, 15_000)).toBe(true);
    // Syncs (every 100 ms) tell the coordinator who is connected there; the users it started
    // reach the coordinator with its interval snapshot (every 1 s): wait past one boundary,
    // or the frozen agent's started users may not have been counted yet (seen: 40, not > 40).
    await sleep(1500);
    const frozen = three[2]!;
    frozen.proc.kill('SIGSTOP');
    try {
      const run = await running;
      expect(run.code, run.stdout).toBe(0);
      expect(run.summary.status).toBe('completed');
      expect(run.stdout).toMatch(
        /agent 127\.0\.0\.4:17911 lost: silent for 3 s \(no heartbeat\); its data up to then is kept, (\d+) user\(s\) lost/,
      );
      expect(run.summary.errors.agent_lost).toBeGreaterThan(0);
      expect(run.summary.users.started).toBeGreaterThan(40);
    } finally {
      frozen.proc.kill('SIGCONT');
    }
    // Thawed, it finds its coordinator gone and drops its load at once.
    const thawed = Date.now();
    while (Date.now() - thawed < 5000 && (connectionsTo(EJABBERD.port).get('127.0.0.4') ?? 0) > 0) await sleep(100);
    expect(connectionsTo(EJABBERD.port).get('127.0.0.4') ?? 0).toBe(0);
    for (let i = 0; i < 20 && !/load stopped\n[^\n]*all load stopped in/.test(frozen.output()); i++) await sleep(100);
    expect(frozen.output()).toMatch(/load stopped\n[^\n]*all load stopped in \d+ ms/);
  });

  it("runs localhost clients in the coordinator's own workers beside the agents", async () => {
    const scenario = chatScenario(work.dir, EJABBERD, [{ ip: 'localhost', port: 0 }, three[0]!, three[1]!], {
      users: 60,
      rate: 30,
      chats: 3,
      tailS: 3,
    });
    const run = await runXload(scenario, ['--agent-token-file', work.tokenFile, '--workers', '1']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.summary.messages).toEqual({ sent: 180, delivered: 180, lost: 0, duplicated: 0, in_flight: 0 });
    const nodes = (JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as NodesFile).nodes;
    expect(nodes.map((n) => `${n.kind} ${n.name}`)).toEqual(['local local', 'agent 127.0.0.2:17911', 'agent 127.0.0.3:17911']);
    expect(nodes.map((n) => n.counters.users_started)).toEqual([20, 20, 20]);
  });

  it('refuses a coordinator with the wrong token, naming the agent', async () => {
    const bad = join(work.dir, 'bad-token');
    writeFileSync(bad, 'not-the-token-at-all\n');
    const scenario = chatScenario(work.dir, EJABBERD, three, { users: 3, rate: 3, chats: 1, tailS: 1 });
    const run = await runCli(['-f', scenario, 'start', '--out', join(work.dir, 'bad'), '--progress', '0', '--agent-token-file', bad]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/agent 127\.0\.0\.2:17911: refused the token/);
    expect(run.stdout).toContain('the run was not started');
    expect(three[0]!.output()).toContain('wrong or missing token');
  });
});
