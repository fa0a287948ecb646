import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';
import { usersInputFromArgs } from './users.js';

const REPO = resolve(import.meta.dirname, '../..');

describe('xload users (options only; test/it/users-*.test.ts talk to servers)', () => {
  it.each([
    [['users', 'create', '--count', '0'], /--count 0/],
    [['users', 'create', '--count', 'x'], /--count NaN/],
    [['users', 'delete', '--count', '3', '--concurrency', '0'], /--concurrency 0/],
    [['users', 'create', '--count', '3', '--server', 'nohostport'], /--server nohostport: expected HOST:PORT/],
    [['users', 'create', '--count', '3', '--timeout', '-1'], /--timeout/],
  ])('%j: one line on stderr, exit code usage', async (argv, re) => {
    const r = await runMain(REPO, ...argv);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(re);
  });

  it('refuses an unknown action or via through yargs, with exit code usage', async () => {
    expect((await runMain(REPO, 'users', 'purge', '--count', '1')).code).toBe(ExitCode.usage);
    expect((await runMain(REPO, 'users', 'create', '--count', '1', '--via', 'ldap')).code).toBe(ExitCode.usage);
    expect((await runMain(REPO, 'users', 'create')).code).toBe(ExitCode.usage);
  });

  it('refuses a flag given twice (issue 13: no silent "last one wins")', async () => {
    const r = await runMain(REPO, 'users', 'create', '--count', '5', '--count', '0');
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toBe('xload: --count: given more than once\n');
  });

  it('maps every flag onto the programmatic options', () => {
    expect(
      usersInputFromArgs({
        action: 'create',
        count: 5,
        from: 2,
        prefix: 'p',
        'password-prefix': 's',
        domain: 'd',
        via: 'prosodyctl',
        server: 'h:1',
        concurrency: 3,
        timeout: 1.5,
        'api-url': 'http://a/api',
        ctl: '/bin/ctl',
        'ctl-config': '/c',
        progress: false,
      }),
    ).toEqual({
      count: 5,
      from: 2,
      prefix: 'p',
      passwordPrefix: 's',
      domain: 'd',
      via: 'prosodyctl',
      server: 'h:1',
      concurrency: 3,
      timeoutMs: 1500,
      apiUrl: 'http://a/api',
      ctlCommand: '/bin/ctl',
      ctlConfig: '/c',
    });
  });
});
