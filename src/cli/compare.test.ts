import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { ExitCode } from './exit-codes.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'runs');

function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

function fixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xload-compare-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe('xload compare A B', () => {
  it('a run against itself: no regression, exit 0', async () => {
    const dir = fixtures();
    const f = fakeIO(dir);
    expect(await main(['compare', 'chat-small', 'chat-small/stats.ndjson'], f.io)).toBe(ExitCode.ok);
    expect(f.out()).toContain('no regression beyond 10%');
  });

  it('a killed run against a finished one: warnings, regressions, exit 98, and an HTML page', async () => {
    const dir = fixtures();
    const f = fakeIO(dir);
    const code = await main(['compare', 'chat-small', 'chat-killed', '--max-regression', '5', '--html', 'cmp.html'], f.io);
    expect(f.out()).toContain('warning: chat-killed did not complete (status aborted)');
    expect(f.out()).toContain('last line is truncated');
    expect(code).toBe(f.out().includes('REGRESSION(S)') ? ExitCode.regression : ExitCode.ok);
    const html = readFileSync(join(dir, 'cmp.html'), 'utf8');
    expect(html).toContain('xload compare');
    expect(html).toContain('"names":["auth","connect","request.chat","session","xmpp_msg_latency"]');
  });

  it('reads summary.json files; an unknown schema or a missing run is bad input (exit 6)', async () => {
    const dir = fixtures();
    const f0 = fakeIO(dir);
    expect(await main(['report', 'chat-small'], f0.io)).toBe(ExitCode.ok);
    const f = fakeIO(dir);
    expect(await main(['compare', 'chat-small/summary.json', 'chat-small', '--json'], f.io)).toBe(ExitCode.ok);
    expect(JSON.parse(f.out()).regressions).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'chat-small', 'summary.json'), 'utf8'));
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...summary, schema: 'xload.summary/9' }));
    const g = fakeIO(dir);
    expect(await main(['compare', 'chat-small', 'future.json'], g.io)).toBe(ExitCode.badInput);
    expect(g.err()).toContain(
      'future.json: unknown schema "xload.summary/9" (this xload reads xload.summary/1, xload.summary/2, xload.summary/3)',
    );
    const h = fakeIO(dir);
    expect(await main(['compare', 'chat-small', 'nowhere'], h.io)).toBe(ExitCode.badInput);
    expect(h.err()).toContain('neither stats.ndjson nor summary.json found');
  });
});
