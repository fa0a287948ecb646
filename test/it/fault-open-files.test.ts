/**
 * Fault matrix (issue 13): xload under `ulimit -n 256`. 400 users hold a stream to the real
 * ejabberd at once (connect, 6 s, close; no logins, no accounts), more sockets than one
 * process may open. By default xload spreads the local share over child processes and every
 * user finishes; forced into one process (--processes 1) the users past the limit fail with
 * connect_error.emfile, counted, and the run still ends with its files written. Under
 * `ulimit -n 100` the processes it would need are more than it may start: refused up front.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN } from './run-xload.js';
import { req, think, writeScenario } from './protocol-scenario.js';
import type { Summary } from '../../src/report/summary-types.js';

const USERS = 400;
const scenario = writeScenario({
  server: EJABBERD,
  users: USERS,
  rate: 200,
  durationSec: 4,
  session: [req('connect'), think(6), req('close', 'ack="no_ack"')].join('\n'),
});

/** `xload start` in a shell whose open-files limit is 256. */
function underLimit(args: string[], nofile = 256): Promise<{ code: number; out: string; summary: Summary | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'xload-nofile-'));
  const cmd = `ulimit -n ${nofile} && exec "$0" "$@"`;
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', cmd, process.execPath, XLOAD_BIN, '-f', scenario, 'start', '--out', dir, '--progress', '0', '--workers', '1', ...args],
      { timeout: 90_000, cwd: REPO_ROOT, maxBuffer: 8 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        if (code === -1) reject(new Error(`xload did not finish: ${String(err)}\n${stdout}${stderr}`));
        else if (!existsSync(join(dir, 'summary.json'))) resolve({ code, out: stdout + stderr, summary: undefined });
        else resolve({ code, out: stdout + stderr, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary });
      },
    );
  });
}

describe('xload under ulimit -n 256', () => {
  it('spreads 400 held streams over child processes: every user finishes, no error', async () => {
    const r = await underLimit([]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/the local share runs in [2-9] child processes \(open-files limit\)/);
    expect(r.summary!.users.started).toBe(USERS);
    expect(r.summary!.users.finished).toBe(USERS);
    expect(r.summary!.errors).toEqual({});
    expect(r.summary!.users.max_concurrent).toBeGreaterThan(256);
  }, 120_000);

  it('forced into one process: users past the limit fail as connect_error.emfile, counted, files written', async () => {
    const r = await underLimit(['--processes', '1']);
    expect(r.out).not.toMatch(/bug in xload|\n\s+at /);
    expect(r.out).toMatch(/open-files limit \(ulimit -n\) is 256/);
    expect(r.summary!.users.started).toBe(USERS);
    const emfile = r.summary!.errors['connect_error.emfile'] ?? 0;
    expect(emfile, JSON.stringify(r.summary!.errors)).toBeGreaterThan(100);
    expect(r.summary!.users.finished + r.summary!.users.failed).toBe(USERS);
    expect(r.summary!.users.failed).toBe(emfile);
  }, 120_000);

  it('under ulimit -n 100 the child processes it would need are refused before the run: one line, exit 2', async () => {
    const r = await underLimit([], 100);
    expect(r.code, r.out).toBe(2);
    expect(r.out.trim()).toMatch(
      /^xload: the open-files limit \(ulimit -n\) is 100: 400 users would need 8 child processes, more than the 6 it allows; raise it with `ulimit -n 656` before running$/,
    );
    expect(r.summary).toBeUndefined();
  }, 60_000);
});
