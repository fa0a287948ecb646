/**
 * A run while it goes and after it dies (issue 4): `--dashboard` serves the growing report
 * and /status.json on loopback during a real run against ejabberd (checked in headless
 * Chromium), then the run is killed with SIGKILL mid-phase and `xload report` rebuilds it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN, runCli } from './run-xload.js';
import { login, req, writeScenario } from './protocol-scenario.js';
import { canvasStates, launchChromium, openPage, screenshotPath } from './report-browser.js';
import type { Summary } from '../../src/report/summary-types.js';
import type { LiveStatus } from '../../src/dashboard/live-status.js';

/** Users keep arriving for 60 s and stay online: the run is mid-phase whenever it is killed. */
function longScenario(): string {
  return writeScenario({
    server: EJABBERD,
    users: 300,
    rate: 5,
    durationSec: 60,
    maxnumber: null,
    userIdMax: 1000,
    sessionName: 'chat',
    fileName: 'long.xml',
    session: `${login()}
      ${req('presence:initial', 'ack="no_ack"')}
      <for from="1" to="60" incr="1" var="i">
        <thinktime value="1"/>
        ${req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"')}
      </for>
      ${req('close', 'ack="no_ack"')}`,
  });
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a live run against ejabberd', () => {
  it('serves the dashboard while it runs; killed with SIGKILL, `xload report` rebuilds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-live-run-'));
    const child = spawn(
      process.execPath,
      [
        XLOAD_BIN,
        '-f',
        longScenario(),
        'start',
        '--out',
        dir,
        '--progress',
        '0',
        '--workers',
        '1',
        '--dashboard',
        '0',
        '--dashboard-refresh',
        '2',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const browser = await launchChromium();
    try {
      const url = await until('the dashboard URL', () => /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1]);
      const status = await until('users online', async () => {
        const s = (await (await fetch(`${url}status.json`)).json()) as LiveStatus;
        return s.state === 'running' && s.users.connected >= 3 && s.elapsed_s >= 3 ? s : undefined;
      });
      expect(status).toMatchObject({ schema: 'xload.live/1', phase: 1, errors_total: 0 });
      expect(status.rates.stanzas_out).toBeGreaterThan(0);
      expect((await fetch(`${url}nothing`)).status).toBe(404);

      const { page, errors } = await openPage(browser);
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(`(document.getElementById('xload-live').textContent || '').startsWith('LIVE')`, undefined, {
        timeout: 10_000,
      });
      expect(await page.textContent('h1')).toContain('running');
      const canvases = await canvasStates(page);
      expect(canvases.length).toBeGreaterThanOrEqual(3 + 2 * 3);
      for (const c of canvases) expect(c.painted, c.title).toBeGreaterThan(500);
      // The page reloads itself (every 2 s here) and keeps drawing from the grown data.
      await page.waitForEvent('load', { timeout: 10_000 });
      expect((await canvasStates(page)).every((c) => c.painted > 500)).toBe(true);
      expect(errors).toEqual([]);
      await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: false });
      await page.close();
    } finally {
      await browser.close();
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);

    const r = await runCli(['report', dir]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(s.status).toBe('aborted');
    expect(s.users.started).toBeGreaterThanOrEqual(3);
    expect(s.metrics.connect?.count).toBeGreaterThanOrEqual(3);
    expect(s.duration_s).toBeGreaterThan(2);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('status-aborted');
  });

  it('a dashboard port already in use is a usage error before the run starts (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli([
        '-f',
        longScenario(),
        'start',
        '--out',
        mkdtempSync(join(tmpdir(), 'xload-live-run-')),
        '--dashboard',
        String(port),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--dashboard: cannot listen on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});
