/**
 * Tsung's own Jabber examples, as Debian's tsung package installs them, run unchanged
 * against the local ejabberd: only the server, the domain, the password prefix and the
 * user file are set from the command line (the files name hosts and paths of their
 * authors' machines).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';

const EXAMPLES = '/usr/share/doc/tsung/examples';
const server = `${EJABBERD.host}:${EJABBERD.port}`;

describe("Tsung's examples against ejabberd", () => {
  it('jabber.xml: plain and digest iq:auth sessions log in; SIP digest fails with its own class', async () => {
    const run = await runXload(
      `${EXAMPLES}/jabber.xml.gz`,
      ['--server', server, '--option', `domain=${EJABBERD.domain}`, '--option', 'passwd=pwd', '--seed', '42'],
      300_000,
    );
    const s = run.summary;
    expect(s.status, run.stdout + run.stderr).toBe('completed');
    // 1 minute of arrivals at one user per 2 s.
    expect(s.users.started).toBeGreaterThan(15);
    expect(s.users.started).toBe(s.users.finished + s.users.failed);
    expect(s.metrics['tr.auth_plain']?.count).toBeGreaterThan(0);
    expect(s.metrics['tr.auth_digest']?.count).toBeGreaterThan(0);
    expect(s.metrics['request.auth_set_plain']?.count).toBeGreaterThan(0);
    expect(s.metrics['request.auth_set_digest']?.count).toBeGreaterThan(0);
    // Only the SIP-digest session may fail: ejabberd has no SIP digest, so its login is
    // refused. The plain and digest sessions all end well.
    const sipFailed = s.counters['users_failed.jabber-sipdigest'] ?? 0;
    expect(s.users.failed).toBe(sipFailed);
    expect(s.counters['users_failed.jabber-plain']).toBeUndefined();
    expect(s.counters['users_failed.jabber-digest']).toBeUndefined();
    expect(s.counters['users_failed.jabber-example']).toBeUndefined();
    // Chats to random offline ids above the 2,000 users that exist bounce, counted, not fatal.
    expect(
      Object.keys(s.errors).filter((k) => !['auth_failed', 'unsupported_request', 'stanza_error.service-unavailable'].includes(k)),
    ).toEqual([]);
  });

  it('jabber_starttls.xml: CSV users, STARTTLS, then SASL', async () => {
    const csv = join(tmpdir(), 'xload-it-userdb.csv');
    writeFileSync(csv, Array.from({ length: 500 }, (_, i) => `user${i + 1},pwd${i + 1}`).join('\n') + '\n');
    const run = await runXload(`${EXAMPLES}/jabber_starttls.xml`, [
      '--server',
      server,
      '--option',
      `domain=${EJABBERD.domain}`,
      '--file-server',
      `userdb=${csv}`,
      '--duration',
      '15',
      '--seed',
      '7',
    ]);
    const s = run.summary;
    expect(s.status, run.stdout + run.stderr).toBe('completed');
    expect(s.errors).toEqual({});
    expect(s.users.failed).toBe(0);
    expect(s.users.finished).toBeGreaterThan(0);
    expect(s.users.started).toBe(s.users.finished + (s.counters.users_interrupted ?? 0));
    expect(s.metrics['request.starttls']?.count).toBeGreaterThan(0);
    expect(s.metrics.auth?.count).toBeGreaterThan(0);
    expect(s.metrics['tr.roster']?.count).toBe(s.users.finished);
  });
});
