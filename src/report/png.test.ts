import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from './model.js';
import { readStatsNdjson } from './ndjson.js';
import { chartSpecs } from './chart-configs.js';
import { loadNodeCanvas, writePngs, type NodeCanvasModule } from './png.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'runs', 'chat-small');

describe('xload report --png', () => {
  it("builds one chart config per report chart, with the report's data", () => {
    const model = buildReportModel(readStatsNdjson(join(FIXTURE, 'stats.ndjson')));
    const specs = chartSpecs(model);
    const metrics = Object.keys(model.summary.metrics);
    expect(specs.map((s) => s.id)).toEqual([
      'users',
      'stanzas',
      'errors',
      ...metrics.map((m) => `latency-${m}`),
      ...metrics.map((m) => `distribution-${m}`),
    ]);
    const users = specs[0]!.config.data.datasets[0]!;
    expect(users.data.length).toBe(model.series.t_s.length);
    expect(users.data.map((p) => p.y)).toEqual(model.series.users_active);
    const dist = specs.at(-1)!.config.data.datasets[0]!.data;
    expect(dist[0]).toEqual({ x: 1, y: model.distributions['xmpp_msg_latency']!.value_ms[0] });
  });

  it('renders each chart through chartjs-node-canvas into DIR/png/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-png-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const model = buildReportModel(readStatsNdjson(join(dir, 'stats.ndjson')));
    const seen: string[] = [];
    const fake: NodeCanvasModule = {
      ChartJSNodeCanvas: class {
        constructor(readonly o: { width: number; height: number }) {}
        async renderToBuffer(config: { options: Record<string, unknown> }): Promise<Buffer> {
          seen.push(JSON.stringify((config.options['plugins'] as { title: { text: string } }).title.text));
          return Buffer.from('PNG fake');
        }
      },
    };
    const files = await writePngs(dir, model, async () => fake);
    expect(files.length).toBe(chartSpecs(model).length);
    expect(files[0]).toBe(join(dir, 'png', 'users.png'));
    expect(readFileSync(files[0]!, 'utf8')).toBe('PNG fake');
    expect(seen[0]).toBe('"Users"');
  });

  it('says how to install the optional package when it is missing', async () => {
    await expect(loadNodeCanvas()).rejects.toThrow(
      /chartjs-node-canvas is not installed\.\n--png needs the optional package[\s\S]*libcairo2-dev[\s\S]*report\.html does not need it/,
    );
  });
});
