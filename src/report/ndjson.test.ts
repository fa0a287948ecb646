import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunAggregator } from '../stats/aggregate.js';
import { ShardRecorder } from '../stats/recorder.js';
import { NdjsonWriter, parseStatsNdjson, readStatsNdjson, STATS_SCHEMA } from './ndjson.js';
import { StatsFormatError, StatsMissingError } from './errors.js';
import { writeSyntheticRun } from './synthetic-run.js';

const T0 = Date.UTC(2026, 0, 1);
const header = {
  run_id: 'r1',
  scenario: 's.xml',
  started: new Date(T0).toISOString(),
  xload_version: '0.1.0',
  interval_ms: 1000,
  workers: 1,
  servers: ['127.0.0.1:5222'],
};

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'xload-ndjson-'));
}

describe('stats.ndjson', () => {
  it('round-trips header, intervals and end line', async () => {
    const path = join(tmp(), 'run', 'stats.ndjson');
    const w = NdjsonWriter.open(path, header);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    const r = new ShardRecorder({ now: () => T0 });
    r.record('connect', 1.25);
    r.count('stanzas_sent', 3);
    r.error('timeout');
    agg.add(0, r.takeSnapshot());
    const rec = agg.closeInterval(T0 + 1000);
    w.writeInterval(rec);
    w.writeEnd({ status: 'completed', duration_s: 1, thresholds: [] });
    await w.close();
    await w.close();

    const back = readStatsNdjson(path);
    expect(back.warnings).toEqual([]);
    expect(back.header).toEqual({ type: 'header', schema: STATS_SCHEMA, ...header });
    expect(back.intervals).toHaveLength(1);
    expect(back.intervals[0]).toMatchObject({
      type: 'interval',
      t_s: 1,
      interval_ms: 1000,
      counters: { stanzas_sent: 3 },
      errors: { timeout: 1 },
      errors_first_seen: { timeout: T0 },
    });
    expect(back.intervals[0]?.metrics['connect']).toEqual(rec.metrics['connect']);
    expect(back.end).toEqual({ type: 'end', status: 'completed', duration_s: 1, thresholds: [] });
  });

  it('writes each line as it goes (a killed run keeps its data)', async () => {
    const path = join(tmp(), 'stats.ndjson');
    const w = NdjsonWriter.open(path, header);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    w.writeInterval(agg.closeInterval(T0 + 1000));
    // Not closed: the lines must already be in the file.
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    await w.close();
  });

  it('ignores a truncated last line with a warning', async () => {
    const dir = tmp();
    await writeSyntheticRun(dir, { intervals: 4, finish: false });
    const path = join(dir, 'stats.ndjson');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text + text.split('\n')[2]?.slice(0, 50));
    const back = readStatsNdjson(path);
    expect(back.intervals).toHaveLength(4);
    expect(back.end).toBeUndefined();
    expect(back.warnings).toHaveLength(1);
    expect(back.warnings[0]).toMatch(/:6: last line is truncated/);
  });

  it('rejects an unknown schema, a missing header, a corrupt middle line and a missing file', () => {
    const other = JSON.stringify({ type: 'header', schema: 'xload.stats/99' }) + '\n';
    expect(() => parseStatsNdjson(other)).toThrow(StatsFormatError);
    expect(() => parseStatsNdjson(other)).toThrow(/unknown schema "xload.stats\/99"/);
    expect(() => parseStatsNdjson('{"type":"interval","t_s":1}\n')).toThrow(/first line is not an xload stats header/);
    expect(() => parseStatsNdjson('')).toThrow(/empty file/);
    const good = JSON.stringify({ type: 'header', schema: STATS_SCHEMA, ...header });
    expect(() => parseStatsNdjson(`${good}\n{oops\n{"type":"end"}\n`)).toThrow(/line 2 is not JSON/);
    expect(() => readStatsNdjson(join(tmp(), 'nope.ndjson'))).toThrow(StatsMissingError);
  });

  it('skips unknown line types with a warning (forward compatible)', () => {
    const good = JSON.stringify({ type: 'header', schema: STATS_SCHEMA, ...header });
    const back = parseStatsNdjson(`${good}\n{"type":"note","text":"hi"}\n`);
    expect(back.warnings[0]).toMatch(/unknown line type "note"/);
  });
});
