/**
 * `xload users` through the servers' admin tools, on the server each applies to:
 * ejabberd's HTTP API (/api on :5280, loopback allowed) and ejabberdctl (--ctl-config =
 * the instance's config dir) on ejabberd, `prosodyctl shell` (--ctl-config = the
 * instance's prosody.cfg.lua) on Prosody. Same cycle as users-ibr.test.ts: create,
 * create again, independent logins, delete, delete again, logins refused.
 * Accounts: `xlu<random>u<n>`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counts, fullCycle, runUsers, uniquePrefix } from './users-fixture.js';
import { EJABBERD, PROSODY } from './servers.js';

const API = `http://${EJABBERD.host}:${EJABBERD.httpPort}/api`;

describe('xload users on ejabberd', () => {
  it('--via ejabberd-api: 200 accounts over one keep-alive connection', async () => {
    await fullCycle(EJABBERD, 200, ['--via', 'ejabberd-api', '--api-url', API]);
  });

  // Every ejabberdctl call starts an Erlang VM (~0.5 s of CPU here): 40 accounts, not 200,
  // keep this file's cost bounded on a shared 2-core box (five calls of 40 = ~100 VMs).
  it('--via ejabberdctl: 40 accounts, one process each', async () => {
    await fullCycle(EJABBERD, 40, ['--via', 'ejabberdctl', '--ctl-config', EJABBERD.dir]);
  });

  it('--via ejabberd-api with an unknown host: one failure, the rest skipped, exit 4', async () => {
    const r = await runUsers('create', EJABBERD, 50, uniquePrefix(), [
      '--via',
      'ejabberd-api',
      '--api-url',
      API,
      '--domain',
      'not-served.example',
    ]);
    expect(r.code).toBe(4);
    expect(counts(r.stderr)).toEqual({ created: 0, existed: 0, failed: 1, skipped: 49 });
    expect(r.stderr).toMatch(/first error api_error\.500 .*Unknown virtual host/);
  });
});

describe('xload users on Prosody', () => {
  it('--via prosodyctl: 200 accounts through one prosodyctl shell', async () => {
    await fullCycle(PROSODY, 200, ['--via', 'prosodyctl', '--ctl-config', join(PROSODY.dir, 'prosody.cfg.lua')]);
  });

  it('--via prosodyctl with a config that is not there: one line, exit 4', async () => {
    const r = await runUsers('create', PROSODY, 10, uniquePrefix(), [
      '--via',
      'prosodyctl',
      '--ctl-config',
      '/nonexistent/prosody.cfg.lua',
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(counts(r.stderr)).toEqual({ created: 0, existed: 0, failed: 1, skipped: 9 });
    expect(r.stderr).toContain('first error ctl_failed');
  });
});
