/**
 * Diagnostics when the server says no (issue 13): summary.json's error_samples name the
 * request, its scenario line and the server's element; dumptraffic writes the run's
 * stanzas (or one line per request) to traffic.log with no password in it.
 * Users: the scenarios draw user1..user3 from the pool (userid_max 3), as the engine tests'
 * scenarios draw from user1..user1000; they message only each other. The phase is 3 s long so
 * that all 3 arrive: arrivals are Poisson per worker (each has its share of the rate and of
 * maxnumber, as Tsung's clients do), and in a 1 s phase a worker that draws fewer than its
 * share leaves a user out (~5 % of runs); with one user online, destination="online" sends nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';

const LOGIN = `      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local"/></request>
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl_bind" ack="local"/></request>
      <request><jabber type="auth_sasl_session" ack="local"/></request>
      <request><jabber type="presence:initial" ack="no_ack"/></request>`;

function scenario(name: string, dump: string, body: string): string {
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice" dumptraffic="${dump}" version="1.0">
  <clients><client host="localhost" use_controller_vm="true" maxusers="100"/></clients>
  <servers><server host="${EJABBERD.host}" port="${EJABBERD.port}" type="tcp"/></servers>
  <load>
    <arrivalphase phase="1" duration="3" unit="second"><users arrivalrate="10" unit="second" maxnumber="3"/></arrivalphase>
  </load>
  <options>
    <option type="ts_jabber" name="domain" value="${EJABBERD.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="3"/>
    <option type="ts_jabber" name="pubsub_service" value="pubsub.${EJABBERD.domain}"/>
  </options>
  <sessions>
    <session name="s" probability="100" type="ts_jabber">
${LOGIN}
${body}
    </session>
  </sessions>
</tsung>
`;
  const path = join(mkdtempSync(join(tmpdir(), 'xload-diag-')), name);
  writeFileSync(path, xml);
  return path;
}

/** 1-based line of the first line of `path` containing `needle`. */
function lineOf(path: string, needle: string): number {
  return (
    readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe('error samples', () => {
  it('name the refused request, its scenario line, the user and the server element', async () => {
    const file = scenario(
      'diag-errors.xml',
      'false',
      `      <request><jabber type="pubsub:subscribe" ack="local" node="/xload-diag-no-such-node"/></request>
      <request><jabber type="close" ack="no_ack"/></request>`,
    );
    const run = await runXload(file, []);
    const s = run.summary;
    expect(s.schema).toBe('xload.summary/3');
    expect(s.users.failed).toBe(3);
    expect(s.errors).toEqual({ 'stanza_error.item-not-found': 3 });
    const samples = s.error_samples['stanza_error.item-not-found'] ?? [];
    expect(samples).toHaveLength(3);
    const line = lineOf(file, 'pubsub:subscribe');
    for (const x of samples) {
      expect(x.request).toBe('pubsub:subscribe');
      expect(x.where).toMatch(new RegExp(`^diag-errors\\.xml:${line}:\\d+$`));
      expect(x.user).toMatch(/^user[123]$/);
      expect(x.at).toBeGreaterThan(Date.parse(s.started));
      expect(x.message).toContain('item-not-found');
      expect(x.server).toMatch(/^<iq [^>]*type=['"]error['"]/);
      expect(x.server).toContain('<item-not-found xmlns=');
      expect(x.server).toContain('xload-diag-no-such-node');
    }
    // The same samples in the stats file, the report and on the console.
    const stats = readFileSync(join(run.dir, 'stats.ndjson'), 'utf8');
    expect(stats).toContain('"error_samples":{"stanza_error.item-not-found":[');
    const html = readFileSync(join(run.dir, 'report.html'), 'utf8');
    expect(html).toContain('class="error-sample"');
    expect(html).toContain(`pubsub:subscribe at diag-errors.xml:${line}:`);
    expect(run.stdout).toMatch(
      new RegExp(`stanza_error\\.item-not-found: pubsub:subscribe at diag-errors\\.xml:${line}, user user[123]: <iq `),
    );
    expect(JSON.stringify(s)).not.toMatch(/pwd[123]/);
  });
});

describe('dumptraffic', () => {
  const chat = `      <thinktime value="1"/>
      <request><jabber type="chat" ack="no_ack" size="16" destination="online"/></request>
      <thinktime value="1"/>
      <request><jabber type="close" ack="no_ack"/></request>`;

  it('true: every stanza in and out, with time, user and direction, and no password', async () => {
    const run = await runXload(scenario('diag-dump.xml', 'true', chat), []);
    expect(run.summary.status).toBe('completed');
    const log = readFileSync(join(run.dir, 'traffic.log'), 'utf8');
    const lines = log.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z user[123] (in|out) </);
    expect(log).toMatch(/ out <auth [^>]*mechanism=['"]PLAIN['"][^>]*>\[redacted\]<\/auth>/);
    expect(log).toMatch(/ in <success /);
    expect(log).toMatch(/ out <iq [^>]*type=['"]set['"][^>]*><bind /);
    expect(log).toMatch(/ out <message [^>]*type=['"]chat['"]/);
    expect(log).toMatch(/ in <message [^>]*type=['"]chat['"]/);
    expect(log).not.toMatch(/pwd[123]/);
    for (const n of [1, 2, 3]) expect(log).not.toContain(Buffer.from(`\0user${n}\0pwd${n}`).toString('base64'));
    expect(run.summary.counters.traffic_lines_dropped).toBeUndefined();
  });

  it('light: every stanza in and out, each cut at 100 characters, and no password', async () => {
    const run = await runXload(scenario('diag-light.xml', 'light', chat), []);
    expect(run.summary.status).toBe('completed');
    const log = readFileSync(join(run.dir, 'traffic.log'), 'utf8');
    const lines = log.trimEnd().split('\n');
    const head = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z user[123] (in|out) /;
    for (const l of lines) {
      expect(l).toMatch(head);
      const stanza = l.replace(head, '');
      // 100 characters of the stanza, and a "…" when it was longer.
      expect(stanza.length).toBeLessThanOrEqual(101);
      if (stanza.length === 101) expect(stanza.endsWith('…')).toBe(true);
    }
    // A chat as the server delivers it (with from, xml:lang and the 16-byte body) is longer
    // than 100 characters: cut. The one sent (~95 characters) is not.
    const chats = lines.filter((l) => / in <message [^>]*type=['"]chat['"]/.test(l));
    expect(chats.length).toBeGreaterThan(0);
    for (const l of chats) expect(l.endsWith('…')).toBe(true);
    expect(lines.some((l) => / in <success /.test(l))).toBe(true);
    expect(log).not.toMatch(/pwd[123]/);
    for (const n of [1, 2, 3]) expect(log).not.toContain(Buffer.from(`\0user${n}\0pwd${n}`).toString('base64'));
  });

  it('protocol: one line per request with its outcome', async () => {
    const run = await runXload(scenario('diag-protocol.xml', 'protocol', chat), []);
    const log = readFileSync(join(run.dir, 'traffic.log'), 'utf8');
    expect(log).toMatch(/Z user[123] request auth_sasl ok \d+\.\d ms\n/);
    expect(log).toMatch(/Z user[123] request chat sent\n/);
    expect(log).not.toContain('<');
  });

  it('false: no traffic file', async () => {
    const run = await runXload(scenario('diag-nodump.xml', 'false', chat), []);
    expect(() => readFileSync(join(run.dir, 'traffic.log'))).toThrow(/ENOENT/);
  });
});
