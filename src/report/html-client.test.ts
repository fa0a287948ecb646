import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCRIPT } from './html-client.js';
import { chartJsSource } from './chart-asset.js';
import { buildReportModel } from './model.js';
import type { ReportModel } from './model.js';
import { readStatsNdjson } from './ndjson.js';
import { writeSyntheticRun } from './synthetic-run.js';

interface ChartCall {
  parent: string;
  title: string;
  config: { type: string; data: { datasets: { label: string; data: { x: number; y: number | null }[] }[] } };
}

/** Runs the page script against a stub DOM and a stub Chart, recording every chart it draws. */
function runClient(model: ReportModel): ChartCall[] {
  const calls: ChartCall[] = [];
  const el = (id: string) => ({
    id,
    textContent: '',
    className: '',
    children: [] as unknown[],
    appendChild(c: { parentId?: string }) {
      c.parentId = id;
      this.children.push(c);
    },
  });
  const parents = new Map<string, ReturnType<typeof el>>();
  const document = {
    getElementById(id: string) {
      if (id === 'xload-data') return { textContent: JSON.stringify(model) };
      if (!parents.has(id)) parents.set(id, el(id));
      return parents.get(id);
    },
    createElement: (tag: string) => ({
      tag,
      textContent: '',
      className: '',
      children: [] as { textContent: string }[],
      appendChild(c: { textContent: string }) {
        this.children.push(c);
      },
    }),
  };
  class Chart {
    static defaults = { animation: true, font: { size: 12 } };
    constructor(_canvas: unknown, config: ChartCall['config']) {
      calls.push({ parent: '', title: '', config });
    }
  }
  // Each chart's title and parent are read back from the boxes appended, in drawing order.
  new Function('Chart', 'document', CLIENT_SCRIPT)(Chart, document);
  let k = 0;
  for (const [id, p] of parents) {
    for (const box of p.children as { children: { textContent: string }[] }[]) {
      const call = calls[k++];
      if (call !== undefined) {
        call.parent = id;
        call.title = box.children[0]?.textContent ?? '';
      }
    }
  }
  return calls;
}

describe('report page script', () => {
  it('draws every chart from the inlined data without errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-client-'));
    await writeSyntheticRun(dir, { intervals: 10, seed: 5 });
    const model = buildReportModel(readStatsNdjson(join(dir, 'stats.ndjson')));
    const calls = runClient(model);
    const titles = calls.map((c) => c.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Users',
        'Stanzas/s',
        'Bytes/s',
        'Errors/s',
        'xmpp_msg_latency latency per interval',
        'connect latency by percentile',
      ]),
    );
    const metrics = Object.keys(model.summary.metrics).length;
    expect(calls).toHaveLength(4 + 2 * metrics);
    const users = calls.find((c) => c.title === 'Users');
    expect(users?.config.data.datasets.map((d) => d.label)).toEqual(['active', 'connected', 'arrivals/s']);
    expect(users?.config.data.datasets[0]?.data).toHaveLength(10);
    const dist = calls.find((c) => c.title === 'connect latency by percentile');
    expect(dist?.config.data.datasets[0]?.data.every((p) => Number.isFinite(p.x) && p.x >= 1)).toBe(true);
  });

  it('inlines a Chart.js bundle that parses', () => {
    expect(() => new Script(chartJsSource())).not.toThrow();
  });
});
