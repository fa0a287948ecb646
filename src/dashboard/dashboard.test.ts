import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../report/synthetic-run.js';
import { readStatsNdjson } from '../report/ndjson.js';
import { StatsTail } from './stats-tail.js';
import { liveStatus } from './live-status.js';
import { Dashboard } from './server.js';

async function syntheticText(opts: { intervals: number; finish?: boolean }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'xload-dash-src-'));
  await writeSyntheticRun(dir, { ...opts, shards: 2, seed: 5 });
  return readFileSync(join(dir, 'stats.ndjson'), 'utf8');
}

describe('StatsTail', () => {
  it('reads a growing file in pieces cut anywhere and ends with what readStatsNdjson reads', async () => {
    const text = await syntheticText({ intervals: 8 });
    const dir = mkdtempSync(join(tmpdir(), 'xload-dash-'));
    const path = join(dir, 'stats.ndjson');
    const tail = new StatsTail(path);
    expect(tail.poll()).toBe(false);
    writeFileSync(path, '');
    const cuts = [7, 300, 301, 2000, 2500, 9000, text.length];
    let at = 0;
    for (const cut of cuts) {
      appendFileSync(path, text.slice(at, Math.min(cut, text.length)));
      at = Math.min(cut, text.length);
      tail.poll();
    }
    const whole = readStatsNdjson(path);
    expect(tail.data()).toEqual(whole);
    expect(tail.data()?.end?.status).toBe('completed');
  });
});

describe('liveStatus', () => {
  it("says starting before the header, then running with the last interval's rates", async () => {
    expect(liveStatus(undefined, 0).state).toBe('starting');
    const dir = mkdtempSync(join(tmpdir(), 'xload-dash-'));
    writeFileSync(join(dir, 'stats.ndjson'), await syntheticText({ intervals: 5, finish: false }));
    const data = readStatsNdjson(join(dir, 'stats.ndjson'));
    const s = liveStatus(data, 1);
    const last = data.intervals.at(-1)!;
    expect(s).toMatchObject({ schema: 'xload.live/1', state: 'running', phase: 1, elapsed_s: last.t_s });
    expect(s.users.active).toBe(last.gauges['users_active']);
    expect(s.rates.stanzas_out).toBeCloseTo(((last.counters['stanzas_sent'] ?? 0) * 1000) / last.interval_ms, 1);
    expect(s.users.started).toBe(data.intervals.reduce((a, l) => a + (l.counters['users_started'] ?? 0), 0));
  });
});

describe('Dashboard', () => {
  let dash: Dashboard | undefined;
  afterEach(async () => {
    await dash?.close();
    dash = undefined;
  });

  it('serves the live page and status.json on loopback, and says when the port is taken', async () => {
    expect.assertions(9);
    const dir = mkdtempSync(join(tmpdir(), 'xload-dash-'));
    dash = await Dashboard.start({ dir, host: '127.0.0.1', port: 0, refreshS: 3 });
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(dash.url)).text()).toContain('The run is starting');
    writeFileSync(join(dir, 'stats.ndjson'), await syntheticText({ intervals: 4, finish: false }));
    const page = await (await fetch(dash.url)).text();
    expect(page).toContain('id="xload-live"');
    expect(page).toContain('status-running');
    expect(page).toContain('}, 3000);');
    const status = (await (await fetch(`${dash.url}status.json`)).json()) as { state: string };
    expect(status.state).toBe('running');
    expect((await fetch(`${dash.url}x`)).status).toBe(404);
    expect((await fetch(dash.url, { method: 'POST' })).status).toBe(405);
    const port = Number(new URL(dash.url).port);
    await expect(Dashboard.start({ dir, host: '127.0.0.1', port, refreshS: 3 })).rejects.toThrow(
      /--dashboard: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE.*pass another port/,
    );
    rmSync(dir, { recursive: true });
  });
});
