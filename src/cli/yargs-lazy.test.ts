import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import realYargs from 'yargs';
import type { Argv } from 'yargs';
import { helpLibrariesLoaded, lazyShim, loadYargs, type YargsFactory } from './yargs-lazy.js';
import { runMain, type MainResult } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';

const REPO = resolve(import.meta.dirname, '../..');

const run = (...argv: string[]): Promise<MainResult> => runMain(REPO, ...argv);

/** One parser with wrapped, non-ASCII and grouped text, built by either factory. */
function sample(factory: YargsFactory, argv: string[]): Argv {
  return factory(argv)
    .scriptName('xload')
    .usage('$0 [-f scenario.xml] <command> [options]')
    .option('file', { alias: 'f', type: 'string', describe: 'scenario file (Tsung XML format)', global: true })
    .command(
      'start',
      'run a scenario against its servers and write stats.ndjson, summary.json and report.html — a long line to wrap',
      (y) =>
        y.option('workers', { type: 'number', describe: 'worker threads (shards) × cores: größer ist nicht immer besser, 日本語 too' }),
    )
    .example('$0 -f jabber.xml check', 'summary of the plan')
    .help()
    .version(false)
    .exitProcess(false)
    .wrap(60);
}

// First in the file: the counter is per module instance, and later tests render help.
describe('running a command', () => {
  it('loads neither cliui nor string-width (help is rendered only when asked for)', async () => {
    expect(helpLibrariesLoaded()).toBe(0);
    const r = await run('-f', 'test/fixtures/scenarios/muc-nested.xml', 'check');
    expect(r.code).toBe(ExitCode.ok);
    const failed = await run('-f', 'test/fixtures/scenarios/muc-nested.xml', 'check', '--no-such-flag');
    expect(failed.code).toBe(ExitCode.usage);
    expect(helpLibrariesLoaded()).toBe(0);
  });
});

describe('yargs on the lazy shim', () => {
  it("has every key of the package's own Node shim (an upgrade that adds one fails here)", async () => {
    const root = dirname(createRequire(import.meta.url).resolve('yargs/package.json'));
    const theirs = ((await import(pathToFileURL(join(root, 'lib/platform-shims/esm.mjs')).href)) as { default: Record<string, unknown> })
      .default;
    const ours = await lazyShim();
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const k of ['assert', 'path', 'process'] as const) {
      expect(Object.keys(ours[k] as object).sort()).toEqual(Object.keys(theirs[k] as object).sort());
    }
    expect(ours['mainFilename']).toBe(theirs['mainFilename']);
  });

  it('renders the same help text as the package', async () => {
    const lazy = await loadYargs();
    const ours = await sample(lazy, ['start']).getHelp();
    const theirs = await sample(realYargs, ['start']).getHelp();
    expect(ours).toBe(theirs);
    expect(ours).toContain('größer');
    expect(await sample(lazy, []).getHelp()).toBe(await sample(realYargs, []).getHelp());
    expect(helpLibrariesLoaded()).toBe(2);
  });

  it('parses as the package does', async () => {
    const argv = ['-f', 'a.xml', 'start', '--workers', '3'];
    const ours = await sample(await loadYargs(), argv).parseAsync();
    const theirs = await sample(realYargs, argv).parseAsync();
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ file: 'a.xml', workers: 3 });
  });

  it("`xload start --help` still prints the command's options", async () => {
    // yargs prints help with console.log.
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const r = await run('start', '--help');
      const printed = log.mock.calls.flat().join('\n');
      expect(r.code).toBe(ExitCode.ok);
      expect(printed).toContain('--request-timeout');
      expect(printed).toContain('xload start');
    } finally {
      log.mockRestore();
    }
  });
});
