import { describe, expect, it } from 'vitest';
import { parseThreshold } from './parse.js';
import { evaluateThreshold } from './evaluate.js';
import { formatThresholdValue } from './format.js';
import type { ThresholdSummary } from './data.js';

const summary: ThresholdSummary = {
  duration_s: 10,
  users: { started: 1, finished: 1, failed: 0, max_concurrent: 1 },
  messages: { sent: 0, delivered: 0, lost: 0, duplicated: 0, in_flight: 0 },
  metrics: {},
  counters: {},
  errors: {},
  servers: {
    localhost: { samples: 9, series: { cpu: { mean: 40, max: 85.5 } } },
    'db1.example': { samples: 9, series: { rss_bytes: { mean: 1.5 * 2 ** 30, max: 2.5 * 2 ** 30 } } },
    dead: { samples: 0, series: {} },
  },
};
const run = (text: string) => evaluateThreshold(parseThreshold(text), { summary });

describe('server.<id>.<series> thresholds', () => {
  it('parses max/mean with % and byte sizes, an id with dots', () => {
    expect(parseThreshold('max(server.localhost.cpu) < 80%')).toMatchObject({
      operand: { kind: 'server', stat: 'max', id: 'localhost', series: 'cpu' },
      limit: 80,
    });
    expect(parseThreshold('mean(server.db1.example.rss_bytes) <= 2GiB').limit).toBe(2 * 2 ** 30);
    expect(parseThreshold('avg(server.b.mem_used_bytes) < 512MiB')).toMatchObject({ operand: { stat: 'mean' }, limit: 512 * 2 ** 20 });
    expect(parseThreshold('max(server.b.rss_bytes) < 1.5GB').limit).toBe(1.5e9);
    expect(parseThreshold('max(server.b.load1) < 4').limit).toBe(4);
  });

  it('refuses other statistics, a missing series and wrong units', () => {
    expect(() => parseThreshold('p99(server.localhost.cpu) < 80%')).toThrow(/only max\(\) and mean\(\)/);
    expect(() => parseThreshold('max(server.localhost) < 80%')).toThrow(/server\.<id>\.<series>/);
    expect(() => parseThreshold('max(server.a.cpu) < 2GiB')).toThrow(/CPU limit cannot be in GiB/);
    expect(() => parseThreshold('max(server.a.rss_bytes) < 80%')).toThrow(/memory limit cannot be in %/);
  });

  it('reads summary.json servers; a missing monitor or series has no value and fails', () => {
    expect(run('max(server.localhost.cpu) < 80%')).toMatchObject({ ok: false, value: 85.5 });
    expect(run('mean(server.localhost.cpu) < 80%')).toMatchObject({ ok: true, value: 40 });
    expect(run('max(server.db1.example.rss_bytes) < 2GiB')).toMatchObject({ ok: false });
    expect(run('max(server.nope.cpu) < 80%')).toMatchObject({ ok: false, value: null, detail: 'no monitor nope in this run' });
    expect(run('max(server.dead.cpu) < 80%').detail).toBe('monitor dead gave no reading');
    expect(formatThresholdValue(run('max(server.localhost.cpu) < 80%'))).toBe('85.5%');
    expect(formatThresholdValue(run('max(server.db1.example.rss_bytes) < 2GiB'))).toBe('2.5 GiB');
  });
});
