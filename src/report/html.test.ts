import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson } from './ndjson.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './html.js';
import { writeSyntheticRun } from './synthetic-run.js';

async function model(opts: { finish?: boolean; intervals?: number; arrivals?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xload-html-'));
  await writeSyntheticRun(dir, {
    intervals: opts.intervals ?? 12,
    shards: 2,
    seed: 3,
    finish: opts.finish ?? true,
    arrivalsPerInterval: opts.arrivals ?? 5,
  });
  return buildReportModel(readStatsNdjson(join(dir, 'stats.ndjson')));
}

describe('renderHtml', () => {
  it('contains every section, Chart.js and the data inlined', async () => {
    const m = await model();
    const html = renderHtml(m);
    for (const id of ['run', 'thresholds', 'messages', 'metrics', 'errors', 'timeseries', 'distribution', 'counters']) {
      expect(html).toContain(`<section id="${id}">`);
    }
    for (const id of ['charts-load', 'charts-latency', 'charts-distribution', 'xload-data']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('scenarios/chat.xml');
    expect(html).toContain('127.0.0.1:5222');
    expect(html).toContain('<th>p99.9</th>');
    expect(html).toContain('<th>xmpp_msg_latency</th>');
    expect(html).toContain('<th>auth_failed</th>');
    expect(html).toContain('Chart.js v4');
    // Self-contained: nothing is fetched when the report is opened.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^\s"']+\.(js|css)/);
    const json = /<script type="application\/json" id="xload-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(m);
  });

  it('warns loudly when messages were lost, and shows failed thresholds', async () => {
    const m = await model();
    expect(m.summary.messages.lost).toBeGreaterThan(0);
    const html = renderHtml(m, { chartJs: '/* stub */' });
    expect(html).toMatch(/class="warn">\d+ message\(s\) were LOST/);
    expect(html).toMatch(/<tr class="fail"><th>messages.lost == 0<\/th>/);
    expect(html).toContain('1 of 2 threshold(s) failed');
  });

  it('an aborted run says messages are in flight, not lost', async () => {
    const m = await model({ finish: false });
    const html = renderHtml(m, { chartJs: '' });
    expect(m.summary.status).toBe('aborted');
    expect(html).toContain('status-aborted');
    expect(html).toMatch(/still in flight when the run stopped/);
    expect(html).toContain('No thresholds were evaluated.');
  });

  it('escapes run data in markup and in the inlined JSON', async () => {
    const m = await model();
    m.run.scenario = '</script><img src=x onerror=alert(1)>';
    const html = renderHtml(m, { chartJs: '' });
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('stays small for a long run: series are binned to at most 600 points', async () => {
    const m = await model({ intervals: 1300, arrivals: 1 });
    expect(m.series.binIntervals).toBe(3);
    expect(m.series.t_s).toHaveLength(434);
    expect(m.series.t_s.at(-1)).toBe(1300);
    expect(m.series.latency['xmpp_msg_latency']?.p99).toHaveLength(434);
    expect(m.series.latency['auth']?.p99.at(-1)).toBeNull(); // logins stop halfway
  }, 60_000);
});
