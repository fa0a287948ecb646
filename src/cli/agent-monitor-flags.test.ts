/**
 * The flags of issue 14's monitor-only role: `xload agent --monitor-only` refuses load
 * flags, `--listen` takes a host alone for the default port, and `start` with a
 * type="erlang" monitor needs the agents' token before anything opens.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';
import { parseListen } from './agent.js';
import { scenario } from '../../test/unit/scenario/minimal.js';

describe('xload agent --monitor-only flags', () => {
  it('--listen HOST alone means port 7911; HOST:PORT and [v6]:PORT as before', () => {
    expect(parseListen('10.0.0.5')?.slice(1)).toEqual(['10.0.0.5', '7911']);
    expect(parseListen('[::1]')?.slice(1)).toEqual(['[::1]', '7911']);
    expect(parseListen('10.0.0.5:7000')?.slice(1)).toEqual(['10.0.0.5', '7000']);
    expect(parseListen('[::1]:7000')?.slice(1)).toEqual(['[::1]', '7000']);
    expect(parseListen('fe80::1::x')).toBeNull();
    expect(parseListen('')).toBeNull();
  });

  for (const flag of ['--workers=2', '--allow-target=10.0.0.0/8', '--source-ip=127.0.0.2', '--data-dir=.']) {
    it(`refuses ${flag.split('=')[0]} with --monitor-only, in one line`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xload-agentflags-'));
      writeFileSync(join(dir, 'token'), 'unit-token-0123456789\n');
      const r = await runMain(dir, 'agent', '--monitor-only', '--listen', '127.0.0.1:0', '--token-file', 'token', flag);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toBe(
        `xload: ${flag.split('=')[0]} has no effect with --monitor-only (a monitor-only agent runs no load): drop one of them\n`,
      );
    });
  }
});

describe('start with a type="erlang" monitor', () => {
  it('needs --agent-token-file, said in one line naming the monitor, before a run folder exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-erlangtoken-'));
    writeFileSync(join(dir, 's.xml'), scenario().replace('<load>', '<monitoring><monitor host="db1" type="erlang"/></monitoring><load>'));
    const r = await runMain(dir, '-f', 's.xml', 'start', '--out', join(dir, 'run'));
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toBe(
      'xload: monitor db1 (type="erlang") reads an `xload agent --monitor-only` on db1: pass --agent-token-file with the token it was started with\n',
    );
    expect(readdirSync(dir)).toEqual(['s.xml']);
  });
});
