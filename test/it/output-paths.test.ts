/**
 * Output paths on real file systems (issue 13): a read-only folder, a full disk before the
 * run, and a disk that fills during the run. The file systems are small tmpfs mounts the test
 * makes itself (the suite runs as root, as CI does); the load is TCP streams to the real
 * ejabberd without logins (no accounts needed), 8 s of Poisson arrivals at 5 users/s.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN } from './run-xload.js';
import { req, think, writeScenario } from './protocol-scenario.js';

const mounts: string[] = [];
/** A tmpfs of `size` at a new folder; `ro` mounts it read-only. */
function tmpfs(size: string, ro = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'xload-fs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${ro ? ',ro' : ''}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}
/** Writes zeros into `dir` until the file system is full. */
function fill(dir: string): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
  } catch {
    // dd ends with "No space left on device": that is the point.
  }
}
afterAll(() => {
  for (const m of mounts) execFileSync('umount', ['-l', m]);
});

function xload(args: string[], whileRunning?: () => void): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [XLOAD_BIN, ...args], { timeout: 60_000, cwd: REPO_ROOT }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
    if (whileRunning) child.stdout?.once('data', whileRunning);
  });
}

const scenario = writeScenario({
  server: EJABBERD,
  users: 40,
  rate: 5,
  durationSec: 8,
  session: [req('connect'), think(1), req('close', 'ack="no_ack"')].join('\n'),
});
const noStack = (out: string) => expect(out).not.toMatch(/bug in xload|\n\s+at /);

describe('output paths on real file systems', () => {
  it('a read-only folder and a full disk stop start, capacity and compare before anything runs', async () => {
    const ro = tmpfs('1m', true);
    const full = tmpfs('256k');
    fill(full);
    for (const [args, want] of [
      [['-f', scenario, 'start', '--out', join(ro, 'run')], /^xload: --out .*: cannot write there \(the file system is read-only\)/m],
      [['-f', scenario, 'start', '-l', ro], /^xload: --log-dir .*: cannot write there \(the file system is read-only\)/m],
      [['-f', scenario, 'start', '--out', join(full, 'run')], /^xload: --out .*: cannot write there \(no space left on the device\)/m],
      [['-f', scenario, 'start', '--junit', join(full, 'junit.xml')], /^xload: --junit .*: cannot write there \(no space left/m],
      [['-f', scenario, 'capacity', '--slo', 'count(connect) < 5', '--out', join(ro, 'cap')], /^xload: --out .*read-only/m],
      [['compare', REPO_ROOT, REPO_ROOT, '--html', join(ro, 'c.html')], /^xload: --html .*read-only/m],
    ] as const) {
      const r = await xload([...args]);
      expect(r.code, `${args.join(' ')}: ${r.out}`).toBe(2);
      expect(r.out).toMatch(want);
      expect(r.out.trim().split('\n')).toHaveLength(1);
      noStack(r.out);
    }
  }, 60_000);

  it('an earlier run in --out is refused, and kept; --force writes over it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xload-earlier-'));
    writeFileSync(join(out, 'summary.json'), '{"earlier":true}');
    const r = await xload(['-f', scenario, 'start', '--out', out]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/holds an earlier run \(summary\.json\); pick a new folder, or add --force/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"earlier":true}');
    const forced = await xload(['-f', scenario, 'start', '--out', out, '--force', '--progress', '0']);
    expect(forced.code, forced.out).toBe(0);
    const users = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { users: { started: number; finished: number } }).users;
    expect(users.started).toBeGreaterThan(10);
    expect(users.finished).toBe(users.started);
  }, 60_000);

  it('a disk that fills during the run: said once, the run stops, no stack, what was written stays', async () => {
    const fs = tmpfs('2m');
    const out = join(fs, 'run');
    mkdirSync(out);
    // The first line of output is the run's start line: fill the disk 2 s later, mid-run.
    const r = await xload(['-f', scenario, 'start', '--out', out, '--progress', '0'], () => setTimeout(() => fill(fs), 2000));
    noStack(r.out);
    expect(r.out).toMatch(/no space left on the device/);
    expect(r.out).toMatch(/stopping the run/);
    expect(r.code, r.out).toBe(5);
    // Everything up to the full disk is there: the header and the first intervals.
    const lines = readFileSync(join(out, 'stats.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, 'xload.log'))).toBe(true);
  }, 60_000);
});
