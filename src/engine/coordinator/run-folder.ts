import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Tsung-style run id from the start time: YYYYMMDD-HHMMSS (local time). */
export function makeRunId(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Where a run's files go: `--out DIR` exactly, else `<logDir or ./reports>/<run-id>`, with
 * a numeric suffix when two runs start in the same second.
 */
export function chooseRunFolder(opts: { cwd: string; out?: string; logDir?: string; runId: string }): { dir: string; runId: string } {
  if (opts.out) {
    const dir = resolve(opts.cwd, opts.out);
    mkdirSync(dir, { recursive: true });
    return { dir, runId: opts.runId };
  }
  const base = resolve(opts.cwd, opts.logDir ?? 'reports');
  let runId = opts.runId;
  for (let i = 2; existsSync(join(base, runId)); i++) runId = `${opts.runId}-${i}`;
  const dir = join(base, runId);
  mkdirSync(dir, { recursive: true });
  return { dir, runId };
}
