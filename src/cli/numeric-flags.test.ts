import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';
import { scenario } from '../../test/unit/scenario/minimal.js';

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
