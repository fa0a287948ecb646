import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson } from './ndjson.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './html.js';
import { writeSyntheticRun } from './synthetic-run.js';
import { chartSpecs } from './chart-configs.js';

/** A synthetic run whose interval lines carry beam readings, with interval 3 a gap. */
async function monitoredModel() {
  const dir = mkdtempSync(join(tmpdir(), 'xload-servers-'));
  await writeSyntheticRun(dir, { intervals: 6, shards: 1, seed: 1, finish: true, arrivalsPerInterval: 2 });
  const path = join(dir, 'stats.ndjson');
  let k = 0;
  const lines = readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => {
      const o = JSON.parse(l) as { type: string; sources?: unknown };
      if (o.type !== 'interval') return l;
      k++;
      o.sources = { servers: { beam: k === 3 ? null : { cpu: 10 * k, rss_bytes: k * 2 ** 20 } } };
      return JSON.stringify(o);
    });
  writeFileSync(path, lines.join('\n') + '\n');
  return { model: buildReportModel(readStatsNdjson(path)), intervals: k };
}

describe('servers in report.html', () => {
  it('charts CPU and memory per monitor with the gap as null, and tables the summary', async () => {
    const { model, intervals } = await monitoredModel();
    const beam = model.series.servers?.['beam'];
    expect(beam?.cpu).toHaveLength(model.series.t_s.length);
    expect(beam?.cpu?.[2]).toBeNull();
    expect(beam?.cpu?.[1]).toBe(20);
    expect(beam?.mem_series).toBe('rss_bytes');
    expect(beam?.mem_mib?.[0]).toBe(1);
    expect(model.summary.servers?.['beam']).toMatchObject({ samples: intervals - 1, gaps: 1 });
    expect(model.summary.servers?.['beam']?.series['cpu']?.max).toBe(10 * intervals);
    const html = renderHtml(model);
    expect(html).toContain('<section id="servers">');
    expect(html).toContain('id="charts-servers"');
    expect(html).toContain('<td>rss_bytes</td>');
    expect(chartSpecs(model).map((c) => c.id)).toContain('server-beam');
  });
});
