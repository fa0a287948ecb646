import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runMain, type MainResult } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(REPO, 'test/fixtures/scenarios');

const run = (...argv: string[]): Promise<MainResult> => runMain(REPO, ...argv);

describe('xload check', () => {
  it('prints a one-screen summary and exits 0', async () => {
    const r = await run('-f', '/usr/share/doc/tsung/examples/jabber.xml.gz', 'check');
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out.split('\n').length).toBeLessThan(25);
    expect(r.out).toContain('phase 1  1 min at 0.5 users/s (~30 users)');
    expect(r.out).toContain('servers   127.0.0.1:5222 tcp');
    expect(r.out).toMatch(/50%\s+jabber-example: 8 request\(s\)/);
    expect(r.out).toContain('users     user<1..10000> @ mydomain.org, password ***<id>');
    expect(r.out).toMatch(/auth_get 4\s+close 4\s+connect 4/);
  });

  it('--json prints the plan itself', async () => {
    const r = await run('-f', 'test/fixtures/scenarios/muc-nested.xml', 'check', '--json');
    expect(r.code).toBe(ExitCode.ok);
    const plan = JSON.parse(r.out) as { version: number; scenario: string; sessions: unknown[] };
    expect(plan.version).toBe(2);
    expect(plan.scenario).toBe(join(FIXTURES, 'muc-nested.xml'));
    expect(plan.sessions).toHaveLength(2);
  });

  it('reports every error as FILE:LINE:COL: what; hint and exits 3, without a stack trace', async () => {
    const r = await run('-f', 'test/fixtures/scenarios/many-errors.xml', 'check');
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const l of lines.slice(0, 7)) expect(l).toMatch(/^test\/fixtures\/scenarios\/many-errors\.xml:\d+:\d+: .+; .+$/);
    expect(lines[7]).toBe('xload: 7 errors in the scenario');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports malformed XML and a missing file the same way', async () => {
    const bad = await run('-f', 'test/fixtures/scenarios/users.csv', 'check');
    expect(bad.code).toBe(ExitCode.invalidScenario);
    expect(bad.err).toMatch(/^test\/fixtures\/scenarios\/users\.csv:1:\d+: malformed XML: /);
    const missing = await run('-f', 'nope.xml', 'check');
    expect(missing.code).toBe(ExitCode.invalidScenario);
    expect(missing.err).toMatch(/^nope\.xml: cannot read the scenario: no such file; check the path given to -f\n/);
  });

  it('applies --file-server, --option and --server overrides', async () => {
    const r = await run(
      '-f',
      '/usr/share/doc/tsung/examples/jabber_starttls.xml',
      'check',
      '--json',
      '--file-server',
      `userdb=${join(FIXTURES, 'users.csv')}`,
      '--option',
      'domain=localhost',
      '--server',
      '127.0.0.1:5223:tcp',
    );
    expect(r.err).toBe('');
    const plan = JSON.parse(r.out) as { servers: unknown[]; options: { jabber: { domain: string }; fileServers: unknown[] } };
    expect(plan.servers).toEqual([{ host: '127.0.0.1', port: 5223, type: 'tcp', weight: 1 }]);
    expect(plan.options.jabber.domain).toBe('localhost');
    expect(plan.options.fileServers).toEqual([{ id: 'userdb', path: join(FIXTURES, 'users.csv') }]);
  });

  it('exits 2 on a malformed override or without -f', async () => {
    const bad = await run('-f', 'x.xml', 'check', '--server', 'nohost');
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/--server nohost: expected HOST:PORT\[:TYPE\]/);
    const none = await run('check');
    expect(none.code).toBe(ExitCode.usage);
    expect(none.err).toMatch(/xload -f FILE check/);
  });

  it('has --help', async () => {
    // yargs prints help with console.log; main() keeps it from exiting the process.
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const r = await run('check', '--help');
      const printed = log.mock.calls.flat().join('\n');
      expect(exit).not.toHaveBeenCalled();
      expect(r.code).toBe(ExitCode.ok);
      expect(printed).toMatch(/--json/);
      expect(printed).toMatch(/--file-server/);
    } finally {
      exit.mockRestore();
      log.mockRestore();
    }
  });
});
