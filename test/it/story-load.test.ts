/**
 * Stories as load (issue 16): `xload story FILE --users N --rate R` and `<story>` steps in
 * a scenario, against ejabberd and Prosody. Every run is a session: started = finished
 * on a passing story, each failure counted under the class of what failed, thresholds on
 * the story's histograms and errors gate the exit code. Accounts: fresh ones made here by
 * XEP-0077 (`<prefix><n>`), removed at the end, so no other test's users are touched.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary-types.js';
import { createUsers, deleteUsers } from '../../src/users/index.js';
import { SERVERS } from './servers.js';
import { runCli, runXload } from './run-xload.js';
import { independentLogin, uniquePrefix } from './users-fixture.js';
import { killAll, makeWorkDir, startAgent } from './agent-fixture.js';
import { isStoryDefinition, runStory, type StoryDefinition } from '../../src/story/index.js';

const STORIES = join(import.meta.dirname, 'stories');
const ACCOUNTS = 40;

async function story(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; summary: Summary }> {
  const out = mkdtempSync(join(tmpdir(), 'xload-story-it-'));
  const r = await runCli(['story', join(STORIES, file), '--out', out, '--force', '--progress', '0', ...args], 120_000);
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  } catch (err) {
    throw new Error(`no summary.json (exit ${r.code}): ${String(err)}\n${r.stdout}\n${r.stderr}`, { cause: err });
  }
  return { ...r, summary };
}

describe.each(SERVERS)('stories as load on $name', (server) => {
  const prefix = uniquePrefix();
  const target = ['--server', `${server.host}:${server.port}`, '--domain', server.domain, '--prefix', prefix];
  const accounts = { count: ACCOUNTS, prefix, server: `${server.host}:${server.port}`, domain: server.domain, concurrency: 4 };

  beforeAll(async () => {
    const made = await createUsers(accounts);
    expect(made.created).toBe(ACCOUNTS);
  }, 60_000);
  afterAll(async () => {
    await deleteUsers(accounts);
  }, 60_000);

  it('20 runs of the chat story: 20 sessions started and finished, no error, its histograms and counters right', async () => {
    const r = await story('chat.story.mjs', [
      ...target,
      '--users',
      '20',
      '--rate',
      '20',
      '--threshold',
      'errors == 0',
      '--threshold',
      'count(story.chat) == 20',
      '--threshold',
      'p99(story.chat) < 5s',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = r.summary;
    expect(s.users).toMatchObject({ started: 20, finished: 20, failed: 0 });
    expect(s.errors).toEqual({});
    expect(s.metrics['story.chat']?.count).toBe(20);
    expect(s.metrics['story_login.chat']?.count).toBe(20);
    expect(s.metrics['session']?.count).toBe(20);
    expect(s.counters['stories_passed.chat']).toBe(20);
    // Each run: two logins' worth of stanzas, the two chats, presence and its echo.
    expect(s.counters['stanzas_sent']).toBeGreaterThanOrEqual(20 * 4);
    expect(s.counters['stanzas_received']).toBeGreaterThanOrEqual(20 * 4);
    expect(s.counters['bytes_sent']).toBeGreaterThan(0);
    expect(s.thresholds.every((t) => t.ok)).toBe(true);
  });

  it('a failing assertion: every run failed under story_assertion.chatMessage, a sample with the history, exit 4', async () => {
    const r = await story('broken.story.mjs', [
      ...target,
      '--users',
      '6',
      '--rate',
      '20',
      '--name',
      'broken',
      '--threshold',
      'errors == 0',
    ]);
    // Every session failed: the run failed (4), which outranks the failed threshold (99).
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(/run FAILED: every user failed \(6 of 6\) \(story_assertion\.chatMessage: 6\)/);
    expect(r.summary.users).toMatchObject({ started: 6, finished: 0, failed: 6 });
    expect(r.summary.errors).toEqual({ 'story_assertion.chatMessage': 6 });
    expect(r.summary.counters['stories_failed.broken']).toBe(6);
    expect(r.summary.metrics['story.broken']).toBeUndefined();
    const sample = r.summary.error_samples['story_assertion.chatMessage']?.[0];
    expect(sample?.message).toMatch(/stanza is not chatMessage\('Bye'\)/);
    expect(sample?.message).toMatch(/stanza history of alice .*\n.*<presence\/>/);
  });

  it('a passing story under a threshold it misses: exit 99, the sessions still all finished', async () => {
    const r = await story('chat.story.mjs', [...target, '--users', '3', '--rate', '30', '--threshold', 'p99(story.chat) < 1us']);
    expect(r.code, r.stdout + r.stderr).toBe(99);
    expect(r.summary.users).toMatchObject({ started: 3, finished: 3, failed: 0 });
    expect(r.summary.thresholds).toMatchObject([{ expr: 'p99(story.chat) < 1us', ok: false }]);
  });

  it('a wait that runs out and a bug in the story: story_timeout.waitForStanza and story_error.TypeError', async () => {
    const silent = await story('broken.story.mjs', [...target, '--users', '3', '--rate', '30', '--export', 'silent', '--name', 'silent']);
    expect(silent.summary.users).toMatchObject({ started: 3, failed: 3 });
    expect(silent.summary.errors).toEqual({ 'story_timeout.waitForStanza': 3 });
    const buggy = await story('broken.story.mjs', [...target, '--users', '3', '--rate', '30', '--export', 'buggy', '--name', 'buggy']);
    expect(buggy.summary.users).toMatchObject({ started: 3, failed: 3 });
    expect(buggy.summary.errors).toEqual({ 'story_error.TypeError': 3 });
  });

  it('the same file runs as a test: runStory(chat, server) logs its two users in and passes; the broken one rejects', async () => {
    const chat = ((await import(join(STORIES, 'chat.story.mjs'))) as { default: StoryDefinition }).default;
    const broken = ((await import(join(STORIES, 'broken.story.mjs'))) as { default: StoryDefinition }).default;
    expect(isStoryDefinition(chat)).toBe(true);
    const accts = {
      accounts: (name: string) => ({ username: `${prefix}${name === 'alice' ? 39 : 40}`, password: `pwd${name === 'alice' ? 39 : 40}` }),
    };
    await runStory(chat, server, accts);
    await expect(runStory(broken, server, accts)).rejects.toMatchObject({ name: 'StoryAssertionError', what: 'chatMessage' });
  });

  it('fresh accounts: 6 runs each register two new accounts, start from an empty roster, and remove them after', async () => {
    const r = await story('fresh-roster.story.mjs', [...target, '--users', '6', '--rate', '10', '--threshold', 'errors == 0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.summary.users).toMatchObject({ started: 6, finished: 6, failed: 0 });
    expect(r.summary.metrics['story.fresh-roster']?.count).toBe(6);
    const fresh = ((await import(join(STORIES, 'fresh-roster.story.mjs'))) as { default: StoryDefinition }).default;
    const names = (await runStory(fresh, server)) as { alice: string; bob: string };
    expect(names.alice).toMatch(/^fresh[0-9a-f]{10}u1$/);
    await expect(independentLogin(server, names.alice, names.alice.replace(/^fresh([0-9a-f]+)u/, 'fp$1'))).rejects.toThrow();
  });

  it('--duration ends stories that outlast it: users interrupted, not failed, and the run ends within the stop grace', async () => {
    const t0 = Date.now();
    const r = await story('broken.story.mjs', [
      ...target,
      '--users',
      '3',
      '--rate',
      '30',
      '--export',
      'slow',
      '--name',
      'slow',
      '--duration',
      '1',
    ]);
    expect(Date.now() - t0).toBeLessThan(18_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.summary.users).toMatchObject({ started: 3, finished: 0, failed: 0 });
    expect(r.summary.counters['users_interrupted']).toBe(3);
    expect(r.summary.errors).toEqual({});
  });

  it('on an agent: started with --allow-stories and the module under --data-dir it runs the stories; without, it refuses', async () => {
    const work = makeWorkDir();
    const port = server.name === 'ejabberd' ? 17941 : 17943;
    const via = ['--agent-token-file', work.tokenFile];
    const a = await startAgent('127.0.0.7', port, ['--token-file', work.tokenFile, '--data-dir', STORIES, '--allow-stories']);
    try {
      const r = await story('chat.story.mjs', [...target, '--users', '6', '--rate', '20', '--agents', `127.0.0.7:${port}`, ...via]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`load on 1 agent (127.0.0.7:${port} ×1 worker)`);
      expect(r.summary.users).toMatchObject({ started: 6, finished: 6, failed: 0 });
      expect(r.summary.metrics['story.chat']?.count).toBe(6);
    } finally {
      killAll([a]);
    }
    const b = await startAgent('127.0.0.7', port + 1, ['--token-file', work.tokenFile, '--data-dir', STORIES]);
    try {
      const r = await story('chat.story.mjs', [...target, '--users', '2', '--agents', `127.0.0.7:${port + 1}`, ...via]);
      expect(r.code).toBe(4);
      expect(r.stdout).toMatch(
        /refused the run: the plan runs the story module .*chat\.story\.mjs but this agent was started without --allow-stories/,
      );
      expect(r.summary.users.started).toBe(0);
    } finally {
      killAll([b]);
    }
  });

  it('<story> as a step of a scenario: in a <for> loop after a thinktime, 2 runs per session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-story-step-'));
    const file = join(dir, 'steps.xml');
    const users = Array.from({ length: 5 }, (_, i) => `<user session="steps" start_time="${i * 100}" unit="millisecond"/>`).join('');
    writeFileSync(
      file,
      `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="${server.host}" port="${server.port}" type="tcp"/></servers>
  <load>${users}</load>
  <options>
    <option type="ts_jabber" name="domain" value="${server.domain}"/>
    <option type="ts_jabber" name="username" value="${prefix}"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
  </options>
  <sessions>
    <session name="steps" probability="100" type="ts_jabber">
      <thinktime value="0.1"/>
      <for from="1" to="2" incr="1" var="i">
        <story file="${join(STORIES, 'chat.story.mjs')}"/>
      </for>
    </session>
  </sessions>
</tsung>
`,
    );
    const r = await runXload(file, []);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.summary.users).toMatchObject({ started: 5, finished: 5, failed: 0 });
    expect(r.summary.metrics['story.chat']?.count).toBe(10);
    expect(r.summary.errors).toEqual({});
  });
});

describe('stories: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xload-story-bad-'));
  const scenario = (step: string): string => {
    const f = join(dir, `s${Math.random().toString(36).slice(2)}.xml`);
    writeFileSync(
      f,
      `<?xml version="1.0"?>
<tsung><clients><client host="localhost" use_controller_vm="true"/></clients>
<servers><server host="127.0.0.1" port="5222" type="tcp"/></servers>
<load><user session="s" start_time="0" unit="second"/></load>
<sessions><session name="s" probability="100" type="ts_jabber">
${step}
</session></sessions></tsung>
`,
    );
    return f;
  };

  it('check: a missing module, a module without that export, a bad name: one line each with file:line:col, exit 3', async () => {
    const missing = await runCli(['-f', scenario('<story file="nowhere.story.mjs"/>'), 'check']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/:6:\d+: .*nowhere\.story\.mjs does not exist or is not a file/);
    const notStory = await runCli(['-f', scenario(`<story file="${join(STORIES, 'broken.story.mjs')}" export="notAStory"/>`), 'check']);
    expect(notStory.code).toBe(3);
    expect(notStory.stderr).toMatch(
      /:6:\d+: <story>: .*export 'notAStory' is not a story \(it exports .*\); write export default defineStory/,
    );
    const ts = await runCli(['-f', scenario('<story file="chat.story.ts" name="a b"/>'), 'check']);
    expect(ts.code).toBe(3);
    expect(ts.stderr).toMatch(/a story is an ES module \(\.mjs or \.js\)/);
    expect(ts.stderr).toMatch(/a story name is 1-64 letters/);
  });

  it('xload story: bad flags are one line, exit 2', async () => {
    const file = join(STORIES, 'chat.story.mjs');
    for (const [flags, msg] of [
      [['--users', '0'], /--users: /],
      [['--users', '2.5'], /--users: /],
      [['--rate', '0'], /--rate: /],
      [['--users', '100001'], /at most 100000 runs/],
    ] as const) {
      const r = await runCli(['story', file, ...flags]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
  });
});
