/**
 * Issue 7: the online set between agents. Users keep leaving while others write to
 * destination="online" across three agents (127.0.0.2-4). A user another node still
 * believes online when it has gone gets the chat as an offline message: lost. Nodes ship
 * their online changes within ~10 ms, and a leaver waits a grace period after publishing
 * it is offline before it sends unavailable presence and closes its stream, so no chat
 * is lost to replication lag. Joiners count as online once the server echoed their initial
 * presence (join-confirm.ts), so no chat overtakes it either, on one node or several.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';
import { chatScenario, killAll, makeWorkDir, startAgent, type AgentProc } from './agent-fixture.js';

const IPS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const PORT = 17931;
const USERS = 90;
const CHATS = 8;
const work = makeWorkDir();
const agents: AgentProc[] = [];

/** 90 users arriving at 15/s, 8 chats 0.25 s apart to online users, then they leave. */
function churnScenario(local = false): string {
  const where = local ? 'local' : IPS.map((ip) => ({ ip, port: PORT }));
  return chatScenario(work.dir, EJABBERD, where, { users: USERS, rate: 15, chats: CHATS, firstThinkS: 1, thinkS: 0.25, tailS: 'none' });
}

afterAll(() => killAll(agents));

describe('online set across three agents under churn', () => {
  beforeAll(async () => {
    // Each one is remembered as soon as it runs, so afterAll stops it even if another fails.
    await Promise.all(IPS.map(async (ip) => agents.push(await startAgent(ip, PORT, ['--token-file', work.tokenFile]))));
  });

  it('loses no chat to a user another node still believed online', async () => {
    const run = await runXload(churnScenario(), ['--agent-token-file', work.tokenFile]);
    const s = run.summary;
    const nodes = (JSON.parse(readFileSync(join(run.dir, 'nodes.json'), 'utf8')) as { nodes: { counters: Record<string, number> }[] })
      .nodes;
    const cross = nodes.reduce((a, n) => a + (n.counters.messages_from_other_nodes ?? 0), 0);
    // The figure for bench/README.md (issue 7): lost before/after.
    console.log(
      `online-lag: ${JSON.stringify(s.messages)} from_other_nodes=${cross} offline=${s.counters.messages_delivered_offline ?? 0}`,
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.errors).toEqual({});
    expect(s.users.finished).toBe(USERS);
    expect(s.messages.sent).toBe(USERS * CHATS - (s.counters.error_no_online ?? 0) - (s.counters.messages_sent_offline ?? 0));
    expect(cross).toBeGreaterThan(100);
    expect(s.messages.lost).toBe(0);
    // None went through offline storage either (delivered to a later session of the id).
    expect(s.counters.messages_delivered_offline ?? 0).toBe(0);
  });

  it('loses none on one node either: users are pickable once the server has their presence', async () => {
    const run = await runXload(churnScenario(true), ['--workers', '3']);
    const s = run.summary;
    console.log(`online-lag local: ${JSON.stringify(s.messages)} offline=${s.counters.messages_delivered_offline ?? 0}`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.errors).toEqual({});
    expect(s.messages.lost).toBe(0);
    expect(s.messages.delivered).toBe(s.messages.sent);
    expect(s.counters.messages_delivered_offline ?? 0).toBe(0);
  });
});
