import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacitySummary } from './capacity-types.js';
import { bestLevel, capacityFolderSummary, writeCapacityFolder } from './capacity-folder.js';
import { main } from '../cli/main.js';
import { renderCapacityHtml } from './capacity-html.js';
import { ExitCode } from '../cli/exit-codes.js';

const level = (index: number, lvl: number, outcome: 'pass' | 'fail', hold_s = 8) => ({
  index,
  level: lvl,
  kind: 'expand' as const,
  hold_s,
  outcome,
  gate: outcome === 'pass' ? null : 'count(connect) < 80',
  gates: [],
  achieved: { users_per_s: lvl, messages_per_s: lvl * 3, max_users_active: lvl * 2 },
  latency_ms: { p50: 1, p99: 2, mean: 1.2 },
  errors: 0,
  messages: { sent: 10, delivered: 10, lost: 0 },
  dir: `levels/0${index + 1}-${lvl}`,
});

function capacity(): CapacitySummary {
  const entry = (date: string, found: number) => ({
    date,
    axis: 'arrival-rate' as const,
    unit: 'users/s',
    verdict: 'found' as const,
    found,
    lowest_fail: found + 1,
    first_broken_gate: null,
    slos: [],
    xload_version: '0.1.0',
    scenario_hash: 'abc',
    server_version: 'ejabberd 23.01',
  });
  return {
    axis: 'arrival-rate',
    unit: 'users/s',
    slos: ['count(connect) < 80'],
    server_version: 'ejabberd 23.01',
    options: { start: 2, resolution: 0.25, growth: 2, step_s: 8, confirm_s: 6, cooldown_s: 1, repeat: 1 },
    verdict: 'found',
    highest_pass: 4,
    lowest_fail: 5,
    fail_gate: 'count(connect) < 80',
    first_broken_gate: 'count(connect) < 80',
    generator_limited_at: null,
    searches: [
      {
        verdict: 'found',
        highest_pass: 4,
        lowest_fail: 5,
        fail_gate: null,
        first_broken_gate: null,
        generator_limited_at: null,
        duration_s: 30,
        levels: [level(0, 2, 'pass'), level(1, 4, 'pass'), level(2, 5, 'fail'), level(3, 4, 'pass', 6)],
      },
    ],
    history: {
      entries: [entry('2026-12-02T02:10:00.000Z', 4.5), entry('2026-12-03T02:10:00.000Z', 4)],
      baseline: 4.5,
      baseline_runs: 1,
      max_drop: 0.1,
      dropped: false,
    },
  };
}

describe('capacity run folder', () => {
  it("bestLevel: the longest hold at the highest pass, the level's summary under capacity", () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-capfolder-'));
    const c = capacity();
    expect(bestLevel(c)!.dir).toBe('levels/02-4');
    mkdirSync(join(dir, 'levels/02-4'), { recursive: true });
    writeFileSync(join(dir, 'levels/02-4/summary.json'), JSON.stringify({ schema: 'xload.summary/3', status: 'completed' }));
    expect(writeCapacityFolder(dir, c)).toEqual([]);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { status: string; capacity: CapacitySummary };
    expect(s.status).toBe('completed');
    expect(s.capacity.history!.entries).toHaveLength(2);
    expect(readFileSync(join(dir, 'report.html'), 'utf8').match(/class="trend-point /g)).toHaveLength(2);
  });

  it('`xload report DIR` redraws report.html from summary.json, trend included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-capfolder-'));
    writeCapacityFolder(dir, capacity());
    const before = readFileSync(join(dir, 'report.html'), 'utf8');
    rmSync(join(dir, 'report.html'));
    expect(capacityFolderSummary(dir)?.verdict).toBe('found');
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: {}, cwd: dir };
    expect(await main(['report', '.'], io)).toBe(ExitCode.ok);
    expect(out.join('')).toBe(`${join(dir, 'report.html')}\n`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(before);
  });

  it('a folder with its own stats.ndjson is a normal run folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-capfolder-'));
    writeCapacityFolder(dir, capacity());
    writeFileSync(join(dir, 'stats.ndjson'), '');
    expect(capacityFolderSummary(dir)).toBeUndefined();
  });
});

describe('renderCapacityHtml cooldown column', () => {
  it('the wait after each level, and whether the monitored CPU settled', () => {
    const c = capacity();
    const [a, b, d] = c.searches[0]!.levels;
    a!.cooldown = { waited_s: 1, settled: true, timed_out: false, cpu: null };
    b!.cooldown = { waited_s: 6, settled: false, timed_out: true, cpu: { ejabberd: { idle: 1, limit: 6, last: 40 } } };
    d!.started_unsettled = true;
    d!.cooldown = { waited_s: 2.5, settled: true, timed_out: false, cpu: { ejabberd: { idle: 1, limit: 6, last: 2 } } };
    const html = renderCapacityHtml(c);
    expect(html).toContain('<th>cooldown</th>');
    expect(html).toContain('<td>1 s</td>');
    expect(html).toContain('<span class="unsettled" title="ejabberd 40% (idle 1%)">6 s, timed out, server did not settle</span>');
    expect(html).toContain('<span class="settled" title="ejabberd 2% (idle 1%)">2.5 s, settled</span> (started unsettled)');
  });
});

describe('renderCapacityHtml server column', () => {
  it("with <monitoring>, each level's server CPU mean / max and its largest RSS; none without", () => {
    const plain = renderCapacityHtml(capacity());
    expect(plain).not.toContain('server (mean / max)');
    const c = capacity();
    const [a, b] = c.searches[0]!.levels;
    a!.servers = {
      ejabberd: { samples: 6, gaps: 0, series: { cpu: { mean: 12.34, max: 40 }, rss_bytes: { mean: 1, max: 150 * 1048576 } } },
    };
    b!.servers = { db: { samples: 5, gaps: 1, series: { load1: { mean: 1, max: 2 } } } };
    const html = renderCapacityHtml(c);
    expect(html).toContain('<th>server (mean / max)</th>');
    expect(html).toContain('<td>ejabberd: cpu 12.3 / 40%, rss 150 MiB</td>');
    expect(html).toContain('<td>db: no cpu/memory series (1 gaps)</td>');
    expect(html).toContain('<td>-</td>');
  });
});
