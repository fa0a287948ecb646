/**
 * Tsung's `<monitor type="erlang">` through `xload agent --monitor-only` (issue 14): real
 * monitor-only agents (the built CLI) on 127.0.0.1, a short chat against the local
 * ejabberd watched through them. Readings land in summary.json's `servers`; the agent
 * refuses a load plan with its reason; a wrong token stops the start in one line; an agent
 * killed mid-run is reported once and the run finishes its users.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runCli, runXload } from './run-xload.js';
import { chatScenario, killAll, makeWorkDir, sleep, startAgent, waitUntil, type AgentProc } from './agent-fixture.js';
import { hostCpuPercent, hostJiffies, meminfo } from './monitor-fixture.js';

const work = makeWorkDir();
const agents: AgentProc[] = [];
const coordArgs = ['--agent-token-file', work.tokenFile, '--workers', '1', '--interval', '1'];
const shape = { users: 10, rate: 5, chats: 2, tailS: 2 };

afterAll(() => killAll(agents));

async function monitorAgent(port: number, tokenFile = work.tokenFile): Promise<AgentProc> {
  const a = await startAgent('127.0.0.1', port, ['--monitor-only', '--token-file', tokenFile]);
  agents.push(a);
  return a;
}

/** The local chat scenario with one `<monitor>` line added. */
function watched(name: string, monitor: string): string {
  const path = join(work.dir, `${name}.xml`);
  const xml = chatScenario(work.dir, EJABBERD, 'local', shape);
  writeFileSync(path, readFileSync(xml, 'utf8').replace('<load>', `<monitoring>${monitor}</monitoring>\n  <load>`));
  return path;
}

describe('<monitor type="erlang"> through xload agent --monitor-only', () => {
  it("reads the agent's host into summary.json servers, on the default port 7911", async () => {
    // `--listen 127.0.0.1` alone (agent-fixture.ts): the default port, which a <monitor> without port= dials.
    const a = await monitorAgent(7911);
    expect(a.output()).toContain('listening on 127.0.0.1:7911 (plaintext), monitor-only');
    const j0 = hostJiffies();
    const run = await runXload(watched('default-port', '<monitor host="127.0.0.1" type="erlang"/>'), coordArgs);
    const truth = hostCpuPercent(j0, hostJiffies());
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('monitors: 127.0.0.1');
    const s = run.summary.servers?.['127.0.0.1'];
    expect(s, JSON.stringify(run.summary.servers)).toBeDefined();
    expect(s!.samples).toBeGreaterThan(5);
    expect(s!.gaps).toBeLessThanOrEqual(1);
    const cpu = s!.series['cpu']!;
    console.log(
      `erlang monitor through the agent: ${s!.samples} samples, ${s!.gaps} gaps, cpu mean ${cpu.mean}% max ${cpu.max}% (/proc over the run ${truth.toFixed(1)}%), mem_used mean ${(s!.series['mem_used_bytes']!.mean / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(cpu.max).toBeGreaterThan(0);
    expect(cpu.max).toBeLessThanOrEqual(100 * availableParallelism());
    expect(s!.series['mem_used_bytes']!.mean).toBeGreaterThan(0);
    // The agent runs on this box: its total is /proc's, and its CPU is this box's over the
    // run (the test's window also holds the CLI's start, hence the loose bound).
    expect(s!.series['mem_total_bytes']!.max).toBe(meminfo().MemTotal);
    expect(s!.series['mem_total_bytes']!.max).toBeGreaterThan(s!.series['mem_used_bytes']!.max);
    expect(Math.abs(cpu.mean - truth)).toBeLessThanOrEqual(20);
    expect(s!.series['load1']).toBeDefined();
    expect(run.summary.users.started).toBe(shape.users);
    expect(run.summary.users.finished).toBe(shape.users);
    expect(a.output()).toMatch(/monitor coordinator .* connected/);
  });

  it('the monitor-only agent refuses a load plan, and says why', async () => {
    const run = await runCli([
      '-f',
      chatScenario(work.dir, EJABBERD, [{ ip: '127.0.0.1', port: 7911 }], { users: 4, rate: 4, chats: 1, tailS: 1 }),
      'start',
      '--out',
      join(work.dir, 'refused'),
      '--progress',
      '0',
      '--agent-token-file',
      work.tokenFile,
    ]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(
      /agent 127\.0\.0\.1:7911 refused the run: this is a monitor-only agent \(xload agent --monitor-only\): .* runs no load/,
    );
    expect(run.stdout).toMatch(/users\s+started 0/);
  });

  it('a wrong token is one line at start, naming the monitor; nothing runs', async () => {
    const other = join(work.dir, 'other-token');
    writeFileSync(other, 'another-token-0123456789\n');
    await monitorAgent(17942, other);
    const out = join(work.dir, 'wrong-token');
    const run = await runCli([
      '-f',
      watched('wrong-token', '<monitor host="127.0.0.1" type="erlang" port="17942" id="db"/>'),
      'start',
      '--out',
      out,
      ...coordArgs,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "xload: monitor db (erlang: xload agent --monitor-only at 127.0.0.1:17942) refused: wrong or missing token (see the agent's --token-file); pass --agent-token-file with the token the agent was started with (--monitor-optional runs without it)\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it('an agent killed mid-run: reported once, a gap, and the run finishes its users', async () => {
    const a = await monitorAgent(17943);
    const running = runXload(watched('killed', '<monitor host="127.0.0.1" type="erlang" port="17943" id="db"/>'), coordArgs);
    expect(await waitUntil(() => /monitor coordinator .* connected/.test(a.output()), 15_000)).toBe(true);
    await sleep(4000);
    a.proc.kill('SIGKILL');
    const run = await running;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.match(/warning: monitor db stopped answering/g)).toHaveLength(1);
    const s = run.summary.servers!['db']!;
    expect(s.samples).toBeGreaterThan(2);
    expect(s.gaps).toBeGreaterThan(2);
    expect(run.summary.users.started).toBe(shape.users);
    expect(run.summary.users.finished).toBe(shape.users);
  });
});
