import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';
import { scenario } from '../../test/unit/scenario/minimal.js';
import { commands } from './commands.js';
import { loadYargs } from './yargs-lazy.js';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/scenarios/muc-nested.xml';

/** Values yargs turns into numbers no run can use; each flag must refuse every one. */
const BAD = ['NaN', 'Infinity', '-Infinity', '1e308', 'abc', '-1'];
const START_FLAGS: [flag: string, extra: string[]][] = [
  ['workers', ['2.5', '100000']],
  ['duration', ['0', '2147484']],
  ['interval', ['0', '1e10']],
  ['request-timeout', ['0', '3000000']],
  ['progress', ['3000000']],
  ['seed', ['1.5', '1e12']],
  ['processes', ['0', '1.5', '5000']],
  ['max-lost-agents', ['0.5']],
  ['max-clock-offset', ['1e10']],
  ['dashboard-refresh', ['0']],
];

describe('numeric CLI flags are checked before anything runs', () => {
  for (const [flag, extra] of START_FLAGS) {
    it(`start --${flag} refuses ${[...BAD, ...extra].join(', ')} with exit 2 and the flag's name`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'xload-flags-'));
      for (const v of [...BAD, ...extra]) {
        const r = await runMain(REPO, '-f', FIXTURE, 'start', '--out', join(out, 'run'), `--${flag}=${v}`);
        expect(r.code, `--${flag}=${v}: ${r.err}`).toBe(ExitCode.usage);
        expect(r.err).toMatch(new RegExp(`^xload: --${flag}: .+\\n$`));
        expect(r.err).not.toMatch(/bug in xload|\n\s+at /);
      }
      expect(readdirSync(out)).toEqual([]);
    });
  }

  it('start refuses a flag given twice', async () => {
    const r = await runMain(REPO, '-f', FIXTURE, 'start', '--workers', '2', '--workers', '3');
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toBe('xload: --workers: given more than once\n');
  });

  for (const flag of ['max-regression', 'min-change-ms']) {
    it(`compare --${flag} refuses ${BAD.join(', ')}`, async () => {
      for (const v of BAD) {
        const r = await runMain(REPO, 'compare', 'a', 'b', `--${flag}=${v}`);
        expect(r.code, `--${flag}=${v}`).toBe(ExitCode.usage);
        expect(r.err).toMatch(new RegExp(`^xload: --${flag}: `));
      }
    });
  }

  it('agent --workers refuses NaN, 0, 1.5 and 1e308 before it listens', async () => {
    for (const v of ['NaN', '0', '1.5', '1e308']) {
      const r = await runMain(REPO, 'agent', '--listen', '127.0.0.1:0', '--token-file', '/nonexistent', `--workers=${v}`);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toMatch(/^xload: --workers: /);
    }
    const port = await runMain(REPO, 'agent', '--listen', '127.0.0.1:70000', '--token-file', '/nonexistent');
    expect(port.err).toMatch(/^xload: --listen: 70000 is out of range/);
  });
});

/**
 * What each command needs besides the flag under test to get as far as its range checks: its
 * positionals and required flags, as [word] or [flag, value]. A command with a number option
 * and no line here fails the test below, so a new one is covered when it is added.
 */
const BASE: Record<string, (out: string) => string[][]> = {
  start: (out) => [['-f', FIXTURE], ['start'], ['--out', join(out, 'run')]],
  capacity: (out) => [['-f', FIXTURE], ['capacity'], ['--out', join(out, 'run')]],
  story: (out) => [['story'], ['no-such.story.mjs'], ['--out', join(out, 'run')]],
  users: () => [['users'], ['create'], ['--count', '1'], ['--server', '127.0.0.1:1']],
  compare: () => [['compare'], ['a'], ['b']],
  agent: () => [['agent'], ['--listen', '127.0.0.1:0'], ['--token-file', '/nonexistent']],
};

describe('every number option of every command (read from its yargs table) refuses numbers no run can use', () => {
  it('NaN, Infinity, -Infinity, 1e308 and -1e308: exit 2, one line naming the flag, nothing written', async () => {
    const yargs = await loadYargs();
    let checked = 0;
    for (const cmd of commands) {
      const numbers = (cmd.builder(yargs([])) as unknown as { getOptions(): { number: string[] } }).getOptions().number;
      if (numbers.length === 0) continue;
      const name = cmd.command.split(' ')[0]!;
      const base = BASE[name];
      expect(base, `add a BASE line for \`xload ${name}\``).toBeDefined();
      for (const flag of numbers) {
        const out = mkdtempSync(join(tmpdir(), 'xload-flags-'));
        const args = base!(out)
          .filter((a) => a[0] !== `--${flag}`)
          .flat();
        for (const v of ['abc', 'Infinity', '-Infinity', '1e308', '-1e308']) {
          const r = await runMain(REPO, ...args, `--${flag}=${v}`);
          expect(r.code, `xload ${name} --${flag}=${v}: ${r.err}`).toBe(ExitCode.usage);
          expect(r.err, `xload ${name} --${flag}=${v}`).toMatch(new RegExp(`^xload: (${name}: )?[^\n]*--${flag}[: ][^\n]+\n$`));
          checked++;
        }
        expect(readdirSync(out)).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('capacity --start and --max-level are checked in the axis unit', async () => {
    const cases: [axis: string, flag: string, value: string, want: RegExp][] = [
      [
        'arrival-rate',
        'start',
        '2000000',
        /^--start: 2000000 is out of range; expected a number of users per second .* to 1000000 \(axis arrival-rate\)$/,
      ],
      ['arrival-rate', 'max-level', '0', /^--max-level: 0 is out of range; expected a number of users per second/],
      [
        'users',
        'start',
        '2.5',
        /^--start: 2\.5 is not a whole number; expected a whole number of users from 1 to 1000000000 \(axis users\)$/,
      ],
      ['users', 'max-level', '2000000000', /^--max-level: 2000000000 is out of range; expected a whole number of users/],
      ['message-rate', 'start', '0', /^--start: 0 is out of range; expected a number of × the chat rate above 0/],
      ['message-rate', 'max-level', '1e7', /^--max-level: 10000000 is out of range/],
    ];
    for (const [axis, flag, value, want] of cases) {
      const r = await runMain(REPO, '-f', FIXTURE, 'capacity', '--axis', axis, `--${flag}`, value);
      expect(r.code, `${axis} --${flag} ${value}`).toBe(ExitCode.usage);
      expect(r.err.replace(/^xload: /, '').trimEnd()).toMatch(want);
    }
    const below = await runMain(REPO, '-f', FIXTURE, 'capacity', '--start', '10', '--max-level', '5');
    expect(below.err).toBe('xload: --max-level 5 is below --start 10; the search could try no level\n');
  });

  it('capacity --growth: above 1, at most 100', async () => {
    for (const v of ['1', '0.5', '101', '1e308']) {
      const r = await runMain(REPO, '-f', FIXTURE, 'capacity', '--growth', v);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toMatch(new RegExp(`^xload: --growth: .*expected a number above 1 and at most 100\n$`));
    }
  });

  it('capacity --resolution and --max-drop: above 0% and below 100%', async () => {
    for (const flag of ['resolution', 'max-drop']) {
      for (const v of ['0', '0%', '100%', '1', '150%', '10', '-5%']) {
        const r = await runMain(REPO, '-f', FIXTURE, 'capacity', `--${flag}=${v}`);
        expect(r.code, `--${flag} ${v}`).toBe(ExitCode.usage);
        expect(r.err).toBe(`xload: --${flag}: ${v} is out of range; expected a percentage above 0% and below 100% (5% or 0.05)\n`);
      }
      for (const v of ['1e308', 'Infinity', 'five']) {
        const r = await runMain(REPO, '-f', FIXTURE, 'capacity', `--${flag}`, v);
        expect(r.err).toBe(`xload: --${flag}: "${v}" is not a number or a percentage (e.g. 5%)\n`);
      }
    }
  });

  it('start --metrics-port: a whole number 0..65535', async () => {
    for (const v of ['65536', '-1', '80.5', '1e308']) {
      const r = await runMain(REPO, '-f', FIXTURE, 'start', '--metrics-port', v);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toMatch(/^xload: --metrics-port: .*expected a whole number from 0 to 65535\n$/);
    }
  });

  it('users --timeout: above 0 and within the timer limit, said in seconds', async () => {
    for (const [v, want] of [
      ['2147484', /2147484 is out of range; expected a number of seconds above 0 and at most 2147483\.647/],
      ['0', /0 is out of range/],
      ['1e308', /1e\+308 is out of range/],
    ] as const) {
      const r = await runMain(REPO, 'users', 'create', '--count', '1', '--timeout', v);
      expect(r.code).toBe(ExitCode.usage);
      expect(r.err).toMatch(new RegExp(`^xload: users: --timeout: ${want.source}[^\n]*\n$`));
    }
  });
});

describe('a run that can start no user is refused, not "completed"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xload-idle-'));
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const zero = write(
    'zero.xml',
    scenario({
      load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="2" unit="second" maxnumber="0"/></arrivalphase>',
    }),
  );
  const late = write(
    'late.xml',
    scenario({
      load: '<arrivalphase phase="1" duration="10" unit="second"><users arrivalrate="2" unit="second" maxnumber="0"/></arrivalphase><arrivalphase phase="2" duration="10" unit="second"><users arrivalrate="2" unit="second"/></arrivalphase>',
    }),
  );

  it('check exits 3 with the phase\'s position when every phase has maxnumber="0"', async () => {
    const r = await runMain(REPO, '-f', zero, 'check');
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/zero\.xml:6:7: this run would start no user: phase 1 has maxnumber="0"; give a phase/);
  });

  it('start exits 3 before making a run folder', async () => {
    const out = join(dir, 'run-zero');
    const r = await runMain(REPO, '-f', zero, 'start', '--out', out);
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(readdirSync(dir)).not.toContain('run-zero');
  });

  it('start --duration shorter than the phases before the first open one is refused; check alone passes', async () => {
    expect((await runMain(REPO, '-f', late, 'check')).code).toBe(ExitCode.ok);
    const r = await runMain(REPO, '-f', late, 'start', '--duration', '5', '--out', join(dir, 'run-late'));
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.err).toMatch(/phase 2 begins at 10 s, after the 5 s duration cap/);
  });
});
