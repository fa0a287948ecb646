import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { ExitCode } from './exit-codes.js';
import { writeSyntheticRun } from '../report/synthetic-run.js';

function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('xload report DIR', () => {
  it('rebuilds report.html and summary.json and prints their paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-cli-report-'));
    await writeSyntheticRun(join(dir, 'run1'), { intervals: 5, finish: false });
    appendFileSync(join(dir, 'run1', 'stats.ndjson'), '{"type":"interval","t_s":6,"metr');
    const f = fakeIO(dir);
    expect(await main(['report', 'run1'], f.io)).toBe(ExitCode.ok);
    expect(f.out()).toBe(`${join(dir, 'run1', 'summary.json')}\n${join(dir, 'run1', 'report.html')}\n`);
    expect(f.err()).toMatch(/^xload: warning: .*last line is truncated/);
    expect(existsSync(join(dir, 'run1', 'report.html'))).toBe(true);
  });

  it('without DIR is a usage error', async () => {
    const f = fakeIO(tmpdir());
    expect(await main(['report'], f.io)).toBe(ExitCode.usage);
    expect(f.err()).toMatch(/^xload: Not enough non-option arguments/);
  });

  it('a missing stats file or an unknown schema is one line and exit code badInput', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-cli-report-'));
    const f = fakeIO(dir);
    expect(await main(['report', 'nowhere'], f.io)).toBe(ExitCode.badInput);
    expect(f.err()).toMatch(/^xload: no stats file at .*nowhere\/stats.ndjson\n$/);
    writeFileSync(join(dir, 'stats.ndjson'), '{"type":"header","schema":"other/2"}\n');
    const g = fakeIO(dir);
    expect(await main(['report', '.'], g.io)).toBe(ExitCode.badInput);
    expect(g.err()).toMatch(/^xload: .*stats.ndjson: unknown schema "other\/2" \(this xload reads xload.stats\/1\)\n$/);
  });
});
