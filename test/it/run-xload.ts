/**
 * Runs the built CLI (`bin/xload.js`, i.e. dist/) as a separate process, the way users and
 * CI run it, and reads back what it wrote. `npm test` builds before the tests run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Summary } from '../../src/report/summary-types.js';

export const XLOAD_BIN = fileURLToPath(new URL('../../bin/xload.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface XloadRun {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
  summary: Summary;
}

/** `xload -f SCENARIO start --out <tmp> ...args`, bounded by `timeoutMs`. */
export function runXload(scenario: string, args: string[], timeoutMs = 240_000): Promise<XloadRun> {
  const dir = mkdtempSync(join(tmpdir(), 'xload-it-'));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [XLOAD_BIN, '-f', scenario, 'start', '--out', dir, '--progress', '0', ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, cwd: REPO_ROOT },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
        if (code === -1) {
          reject(new Error(`xload did not finish: ${String(err)}\n${stdout}\n${stderr}`));
          return;
        }
        try {
          const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
          resolve({ code, stdout, stderr, dir, summary });
        } catch (e) {
          reject(new Error(`no summary.json (exit ${code}): ${String(e)}\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** `xload ...args` without a run folder (check, report, compare). */
export function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [XLOAD_BIN, ...args], { timeout: timeoutMs, cwd: REPO_ROOT }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A counter summed over the intervals a running xload's stats.ndjson in `out` holds so far
 * (0 before the first): how a test times a fault to the run's progress, not to a clock.
 */
export function countSoFar(out: string, name: string): number {
  const file = join(out, 'stats.ndjson');
  if (!existsSync(file)) return 0;
  let total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // The last line may be half written while we read: it counts at the next poll.
    if (!line.startsWith('{"type":"interval"') || !line.endsWith('}')) continue;
    try {
      total += (JSON.parse(line) as { counters?: Record<string, number> }).counters?.[name] ?? 0;
    } catch {
      continue;
    }
  }
  return total;
}
