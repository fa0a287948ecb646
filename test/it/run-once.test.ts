/**
 * Run-once sessions (issue 7) against the real ejabberd: a `<session run_once="true">`
 * creates a pubsub node once, before the load; 50 users then subscribe and publish to it.
 * Locally, on a coordinator with two agents (once across the cluster, not per agent), and
 * a setup that fails (the node exists already) stopping the run before the load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, runXload } from './run-xload.js';
import { fresh, login, req, think } from './protocol-scenario.js';
import { killAll, makeWorkDir, startAgent, type AgentProc } from './agent-fixture.js';

const work = makeWorkDir();
const agents: AgentProc[] = [];
afterAll(() => killAll(agents));

/** The setup session creates `node`; the load's users subscribe, publish once, unsubscribe. */
function scenario(node: string, clients: string): string {
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients>${clients}</clients>
  <servers><server host="${EJABBERD.host}" port="${EJABBERD.port}" type="tcp"/></servers>
  <load><arrivalphase phase="1" duration="6" unit="second"><users arrivalrate="25" unit="second" maxnumber="50"/></arrivalphase></load>
  <options>
    <option type="ts_jabber" name="domain" value="${EJABBERD.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="200"/>
    <option type="ts_jabber" name="pubsub_service" value="${EJABBERD.pubsubDomain}"/>
  </options>
  <sessions>
    <session name="setup" probability="0" type="ts_jabber" run_once="true">
${login()}
${req('pubsub:create', `node="/${node}" data="[{pubsub#publish_model, open}, {pubsub#deliver_payloads, true}]"`)}
${req('close', 'ack="no_ack"')}
    </session>
    <session name="pubsub" probability="100" type="ts_jabber">
${login()}
${req('presence:initial', 'ack="no_ack"')}
${req('pubsub:subscribe', `node="/${node}"`)}
${think(3)}
${req('pubsub:publish', `node="/${node}" size="64" stamped="true"`)}
${think(3)}
${req('pubsub:unsubscribe', `node="/${node}"`)}
${req('close', 'ack="no_ack"')}
    </session>
  </sessions>
</tsung>
`;
  const path = join(work.dir, `${node}-${Date.now()}.xml`);
  writeFileSync(path, xml);
  return path;
}

const LOCAL = '<client host="localhost" use_controller_vm="true"/>';

describe('run-once session, one process', () => {
  const node = fresh('xload-once');

  it('creates the pubsub node exactly once, before 50 users subscribe and publish with no error', async () => {
    const run = await runXload(scenario(node, LOCAL), ['--workers', '2']);
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.status).toBe('completed');
    expect(s.errors).toEqual({});
    expect(s.metrics['request.pubsub:create']?.count).toBe(1);
    expect([s.counters.run_once_started, s.counters.run_once_finished, s.counters.run_once_failed ?? 0]).toEqual([1, 1, 0]);
    // The setup user is not one of the load's users.
    expect([s.users.started, s.users.finished, s.users.failed]).toEqual([50, 50, 0]);
    expect(s.metrics['request.pubsub:subscribe']?.count).toBe(50);
    expect(s.counters.pubsub_published).toBe(50);
    expect(s.counters.pubsub_deliveries).toBeGreaterThan(50);
    expect(s.metrics.run_once?.count).toBe(1);
    expect(run.stdout).toMatch(/run-once: "setup" on this process, before the load\n.*run-once: done in \d+\.\d s; starting the load/);
    expect(run.stdout).toContain('load on this process (2 workers)');
  });

  it('a setup that fails (the node exists now) stops the run before the load, naming the session and the error', async () => {
    const run = await runXload(scenario(node, LOCAL), ['--workers', '2']);
    const s = run.summary;
    expect(run.code).toBe(4);
    expect(s.status).toBe('failed');
    expect(run.stdout).toContain('run FAILED: run-once session "setup" failed (stanza_error.conflict): the load was not started');
    expect(s.users.started).toBe(0);
    expect(s.errors).toEqual({ 'stanza_error.conflict': 1 });
    expect(s.counters.run_once_failed).toBe(1);
    expect(s.metrics['request.pubsub:subscribe']).toBeUndefined();
  });
});

describe('run-once session on a coordinator with two agents', () => {
  const IPS = ['127.0.0.5', '127.0.0.6'];
  beforeAll(async () => {
    agents.push(...(await Promise.all(IPS.map((ip) => startAgent(ip, 17931, ['--token-file', work.tokenFile])))));
  });

  it('runs once across the cluster (on agent 0), then both agents start the load', async () => {
    const clients = IPS.map((ip) => `<client host="${ip}" port="17931"><ip value="${ip}"/></client>`).join('');
    const run = await runXload(scenario(fresh('xload-once-cl'), clients), ['--agent-token-file', work.tokenFile]);
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.errors).toEqual({});
    expect(s.metrics['request.pubsub:create']?.count).toBe(1);
    expect(s.counters.run_once_started).toBe(1);
    expect(s.users.started).toBe(50);
    expect(run.stdout).toContain('load on 2 agents (127.0.0.5:17931 ×1 worker, 127.0.0.6:17931 ×1 worker)');
    expect(run.stdout).toContain('run-once: "setup" on agent 127.0.0.5:17931, before the load');
    const nodes = (
      JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as { nodes: { name: string; counters: Record<string, number> }[] }
    ).nodes;
    expect(nodes.map((n) => [n.name, n.counters.run_once_started ?? 0])).toEqual([
      ['127.0.0.5:17931', 1],
      ['127.0.0.6:17931', 0],
    ]);
    // Both agents ran load users.
    for (const n of nodes) expect(n.counters.users_started ?? 0).toBeGreaterThan(5);
  });
});

describe('scenarios/run-once-pubsub.xml', () => {
  it('runs, and runs again on the same server (its no_ack delete tolerates a missing node)', async () => {
    const file = join(REPO_ROOT, 'scenarios/run-once-pubsub.xml');
    const first = await runXload(file, ['--workers', '1']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // A fresh server has no node to delete: counted, printed, and the load went on
    // (with XLOAD_IT_REUSE=1 an earlier run may have left the node: then nothing to count).
    if (Object.keys(first.summary.errors).length > 0) {
      expect(first.summary.errors).toEqual({ 'stanza_error.item-not-found': 1 });
      expect(first.stdout).toContain('(errors of no_ack requests, gone on after: stanza_error.item-not-found ×1)');
    }
    const second = await runXload(file, ['--workers', '1']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.summary.errors).toEqual({});
    for (const s of [first.summary, second.summary]) {
      expect(s.metrics['request.pubsub:create']?.count).toBe(1);
      expect([s.users.started, s.users.failed, s.counters.pubsub_published]).toEqual([50, 0, 50]);
    }
  });
});
