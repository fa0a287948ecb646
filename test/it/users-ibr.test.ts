/**
 * `xload users --via ibr` (XEP-0077 over xload's own XMPP code) against ejabberd and
 * Prosody: 200 fresh accounts created, created again (all existed), logged in with
 * @xmpp/client, removed (§3.2), and their logins then refused; the programmatic API with
 * --from; bad input answered in one line with its exit code. Accounts: `xlu<random>u<n>`.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUsers, deleteUsers } from '../../src/users/index.js';
import { counts, fullCycle, independentLogin, runUsers, uniquePrefix } from './users-fixture.js';
import { EJABBERD, SERVERS } from './servers.js';
import { runCli } from './run-xload.js';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.each(SERVERS)('xload users --via ibr on $name', (server) => {
  it('creates 200 accounts, finds them existing, logs in as some, deletes them, and their login then fails', async () => {
    await fullCycle(server, 200, ['--via', 'ibr']);
  });

  it('createUsers/deleteUsers: --from starts the range elsewhere and the counts come back typed', async () => {
    const prefix = uniquePrefix();
    const o = { count: 5, from: 1000, prefix, server: `${server.host}:${server.port}`, domain: server.domain, concurrency: 2 };
    const made = await createUsers(o);
    expect(made).toMatchObject({
      action: 'create',
      via: 'ibr',
      requested: 5,
      created: 5,
      existed: 0,
      failed: 0,
      skipped: 0,
      firstError: null,
    });
    expect(made.perSecond).toBeGreaterThan(0);
    expect(await independentLogin(server, `${prefix}1004`, 'pwd1004')).toContain(`${prefix}1004@`);
    await expect(independentLogin(server, `${prefix}1`, 'pwd1')).rejects.toThrow();
    const gone = await deleteUsers(o);
    expect(gone).toMatchObject({ action: 'delete', deleted: 5, missing: 0, failed: 0 });
  });

  it('a domain the server does not serve: one failure (stream error host-unknown), the rest skipped, exit 4', async () => {
    const r = await runUsers('create', server, 30, uniquePrefix(), ['--domain', 'not-served.example']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(counts(r.stderr)).toEqual({ created: 0, existed: 0, failed: 1, skipped: 29 });
    expect(r.stderr).toMatch(/first error stream_error\.host-unknown/);
  });
});

describe('xload users: bad input', () => {
  it('an unreachable server: one line, connect_refused, exit 4', async () => {
    const port = await closedPort();
    const r = await runUsers('create', { ...EJABBERD, port }, 100, uniquePrefix());
    expect(r.code).toBe(4);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(counts(r.stderr)).toEqual({ created: 0, existed: 0, failed: 1, skipped: 99 });
    expect(r.stderr).toContain('first error connect_refused');
  });

  it('count 0 and a non-integer count: one line each, exit 2, nothing touched', async () => {
    for (const c of ['0', '2.5']) {
      const r = await runCli(['users', 'create', '--count', c, '--server', `${EJABBERD.host}:${EJABBERD.port}`]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`--count ${c.replace('.', '\\.')}: expected a whole number`));
    }
  });

  it('the deadline bounds a batch: accounts not reached are skipped, exit 4', async () => {
    const prefix = uniquePrefix();
    const r = await runUsers('create', EJABBERD, 1000, prefix, ['--timeout', '0.2', '--concurrency', '2']);
    const c = counts(r.stderr);
    expect(r.code).toBe(4);
    expect(c.created! + c.failed! + c.skipped!).toBe(1000);
    expect(c.skipped).toBeGreaterThan(0);
    // An iq cut by the deadline may still have registered its account: delete the whole range.
    const d = await runUsers('delete', EJABBERD, 1000, prefix);
    expect(d.code).toBe(0);
    expect(counts(d.stdout).deleted).toBeGreaterThanOrEqual(c.created!);
  });
});
