import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from './commands.js';
import { flagShapeProblem, type OptionTable } from './flag-shape.js';
import { loadYargs } from './yargs-lazy.js';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/scenarios/muc-nested.xml';

interface CommandTable {
  /** The command's name and a placeholder for each positional: `users x`. */
  words: string[];
  table: OptionTable;
}

/** Every command's option table as yargs holds it (with the global -f), read from the commands themselves. */
async function tables(): Promise<CommandTable[]> {
  const yargs = await loadYargs();
  return commands.map((cmd) => {
    const y = cmd.builder(yargs([]).option('file', { alias: 'f', type: 'string', global: true }));
    const words = cmd.command.split(' ').map((w, i) => (i === 0 ? w : 'x'));
    return { words, table: (y as unknown as { getOptions(): OptionTable }).getOptions() };
  });
}

/** The table's options of one shape, by their declared names (aliases left out). */
function namesOf(t: OptionTable, shape: 'switch' | 'list' | 'single'): string[] {
  const aliases = new Set(Object.values(t.alias).flat());
  return Object.keys(t.key)
    .filter((k) => !aliases.has(k))
    .filter((k) => {
      const sw = t.boolean.includes(k) || t.count.includes(k);
      const list = t.array.includes(k);
      return shape === 'switch' ? sw : shape === 'list' ? !sw && list : !sw && !list;
    });
}

const valueFor = (t: OptionTable, k: string) => (t.number.includes(k) ? '1' : 'a');

let all: CommandTable[] = [];
beforeAll(async () => {
  all = await tables();
});

describe('flag shapes, for every option of every command (from their yargs tables)', () => {
  it('finds options of each shape to check (the tables were read)', () => {
    const singles = all.flatMap((c) => namesOf(c.table, 'single'));
    expect(singles).toEqual(expect.arrayContaining(['duration', 'out', 'workers', 'timeout', 'metrics-port', 'history', 'file']));
    expect(all.flatMap((c) => namesOf(c.table, 'list'))).toEqual(expect.arrayContaining(['slo', 'agents']));
    expect(all.flatMap((c) => namesOf(c.table, 'switch'))).toEqual(expect.arrayContaining(['force', 'monitor-optional']));
  });

  it('refuses a single-valued option given twice, as --X V --X V, --X=V --X V and through an alias', () => {
    let checked = 0;
    for (const { words, table } of all) {
      for (const k of namesOf(table, 'single')) {
        const v = valueFor(table, k);
        for (const twice of [
          [`--${k}`, v, `--${k}`, v],
          [`--${k}=${v}`, `--${k}`, v],
          [`--${k}`, v, '--force', `--${k}=${v}`],
          ...(table.alias[k] ?? []).map((a) => [`--${k}`, v, a.length === 1 ? `-${a}` : `--${a}`, v]),
        ]) {
          expect(flagShapeProblem([...words, ...twice], table), `${words[0]} ${twice.join(' ')}`).toBe(`--${k}: given more than once`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses an option that takes values given none: last, before another flag, after =, or empty', () => {
    for (const { words, table } of all) {
      for (const k of [...namesOf(table, 'single'), ...namesOf(table, 'list')]) {
        const what = table.number.includes(k) ? 'a number' : 'a value';
        for (const bare of [
          [`--${k}`],
          [`--${k}`, '--force'],
          [`--${k}`, '--file', 'a.xml'],
          [`--${k}=`],
          [`--${k}`, ''],
          [`--${k}`, '--'],
        ]) {
          const got = flagShapeProblem([...words, ...bare], table);
          expect(got, `${words[0]} ${bare.join(' ')}`).toMatch(new RegExp(`^--${k}: needs ${what} \\(--${k} `));
        }
      }
    }
  });

  it('refuses --no-X for every X that is not a switch, and allows it for every switch', () => {
    for (const { words, table } of all) {
      for (const k of [...namesOf(table, 'single'), ...namesOf(table, 'list')])
        expect(flagShapeProblem([...words, `--no-${k}`], table)).toMatch(
          new RegExp(`^--no-${k}: --${k} takes a value, it is not a switch`),
        );
      for (const k of namesOf(table, 'switch')) expect(flagShapeProblem([...words, `--no-${k}`], table)).toBeUndefined();
    }
  });

  it('allows switches twice, lists repeated, negative numbers, and values after --', () => {
    for (const { words, table } of all) {
      for (const k of namesOf(table, 'switch')) {
        expect(flagShapeProblem([...words, `--${k}`, `--${k}`], table)).toBeUndefined();
        expect(flagShapeProblem([...words, `--${k}`, 'true', `--${k}=false`], table)).toBeUndefined();
      }
      for (const k of namesOf(table, 'list')) {
        expect(flagShapeProblem([...words, `--${k}`, 'a', 'b', `--${k}`, 'c', `--${k}=d`], table)).toBeUndefined();
      }
      for (const k of namesOf(table, 'single')) {
        if (table.number.includes(k)) expect(flagShapeProblem([...words, `--${k}`, '-1'], table)).toBeUndefined();
        expect(flagShapeProblem([...words, `--${k}`, 'v', '--', `--${k}`, 'v'], table)).toBeUndefined();
      }
    }
  });

  it('reads camelCase spellings as yargs does (--requestTimeout is --request-timeout)', () => {
    const start = all.find((c) => c.words[0] === 'start')!;
    expect(flagShapeProblem(['start', '--request-timeout', '1', '--requestTimeout', '2'], start.table)).toBe(
      '--request-timeout: given more than once',
    );
    expect(flagShapeProblem(['start', '--requestTimeout'], start.table)).toMatch(/^--request-timeout: needs a number/);
  });

  it("catches a single-valued flag given twice in a spelling it leaves to yargs, from yargs' result", () => {
    const start = all.find((c) => c.words[0] === 'start')!;
    expect(flagShapeProblem(['start', '-l20', '-l30'], start.table, { l: ['20', '30'], 'log-dir': ['20', '30'] })).toBe(
      '--log-dir: given more than once',
    );
    expect(flagShapeProblem(['start', '--slo'], start.table, { agents: ['a', 'b'] })).toBeUndefined();
  });

  it('leaves unknown flags and short-flag groups to yargs', () => {
    const start = all.find((c) => c.words[0] === 'start')!;
    expect(flagShapeProblem(['start', '--no-such-flag', '--such', '--such'], start.table)).toBeUndefined();
    expect(flagShapeProblem(['start', '-xyz'], start.table)).toBeUndefined();
  });
});

describe('the CLI says a bad flag shape in one line, exit 2, before anything runs', () => {
  it.each([
    [['-f', FIXTURE, 'start', '--out', 'a', '--out', 'b'], 'xload: --out: given more than once\n'],
    [['-f', FIXTURE, 'start', '--duration', '5', '--duration', '6'], 'xload: --duration: given more than once\n'],
    [['-f', FIXTURE, 'start', '--workers', '2', '--workers', '3'], 'xload: --workers: given more than once\n'],
    [['-f', 'a.xml', '-f', 'b.xml', 'check'], 'xload: --file: given more than once\n'],
    [['-f', FIXTURE, 'start', '-l', 'a', '--log-dir', 'b'], 'xload: --log-dir: given more than once\n'],
    [['-f', FIXTURE, 'start', '-l20', '-l30'], 'xload: --log-dir: given more than once\n'],
    [['-f', FIXTURE, 'start', '--duration'], 'xload: --duration: needs a number (--duration N)\n'],
    [['-f', FIXTURE, 'start', '--duration', '--force'], 'xload: --duration: needs a number (--duration N)\n'],
    [['-f', FIXTURE, 'start', '--out'], 'xload: --out: needs a value (--out VALUE)\n'],
    [['users', 'create', '--count'], 'xload: --count: needs a number (--count N)\n'],
    [['-f', FIXTURE, 'capacity', '--slo'], 'xload: --slo: needs a value (--slo VALUE)\n'],
  ])('xload %j', async (argv, err) => {
    const r = await runMain(REPO, ...argv);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toBe(err);
    expect(r.out).toBe('');
  });

  it('--no-X of a flag that takes a value', async () => {
    for (const [cmd, flag] of [
      ['start', 'duration'],
      ['start', 'progress'],
      ['start', 'out'],
      ['capacity', 'history'],
    ] as const) {
      const r = await runMain(REPO, '-f', FIXTURE, cmd, `--no-${flag}`);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toMatch(new RegExp(`^xload: --no-${flag}: --${flag} takes a value, it is not a switch to turn off; .+\\n$`));
    }
  });

  it('a switch given twice is no problem: the next one is said', async () => {
    const r = await runMain(REPO, '-f', FIXTURE, 'start', '--monitor-optional', '--monitor-optional', '--force', '--force', '--duration');
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toBe('xload: --duration: needs a number (--duration N)\n');
  });
});
