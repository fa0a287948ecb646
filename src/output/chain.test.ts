import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunAggregator } from '../stats/aggregate.js';
import { readStatsNdjson } from '../report/ndjson.js';
import { InternalError } from '../errors.js';
import { OutputChain, type ClosedInterval } from './chain.js';
import { StatsFileOutput } from './stats-file.js';
import type { IntervalInfo, JsonValue, RunOutput, RunSource, RunStartInfo } from './types.js';

const T0 = Date.UTC(2026, 1, 1);
const START: RunStartInfo = {
  runId: 'x',
  scenario: 'a.xml',
  startedMs: T0,
  xloadVersion: '0.1.0',
  intervalMs: 1000,
  shards: 1,
  servers: ['tcp://127.0.0.1:5222'],
  domain: 'localhost',
  durationMs: null,
};
const END = { status: 'completed', durationS: 2, messages: { sent: 0, delivered: 0, lost: 0, duplicated: 0, in_flight: 0 } } as const;

/** A server monitor's stand-in: answers after some async I/O with what it saw at the boundary. */
class FakeServerSource implements RunSource {
  readonly field = 'servers';
  readonly boundaries: number[] = [];
  constructor(private readonly delayMs: number) {}
  async sample(boundary: number): Promise<JsonValue> {
    this.boundaries.push(boundary);
    await new Promise((r) => setTimeout(r, this.delayMs));
    return { 'ejabberd@127.0.0.1': { cpu: 0.25, at: boundary } };
  }
}

/** Records what it saw, the way live thresholds read intervals. */
class Recorder implements RunOutput {
  readonly name = 'recorder';
  readonly seen: IntervalInfo[] = [];
  interval(iv: IntervalInfo): undefined {
    this.seen.push(iv);
    return undefined;
  }
}

function closed(agg: RunAggregator, at: number): ClosedInterval {
  return { kind: 'load', record: agg.closeInterval(at), totals: () => agg.totals(), loadPhase: 1, loadStartMs: T0 };
}

describe('OutputChain', () => {
  it("puts a source's sample into the same stats.ndjson interval line, and later outputs see it too", async () => {
    expect.assertions(4);
    const dir = mkdtempSync(join(tmpdir(), 'xload-chain-'));
    const source = new FakeServerSource(5);
    const rec = new Recorder();
    const chain = new OutputChain([new StatsFileOutput(dir), rec], [source], { sampleTimeoutMs: 500, log: () => {} });
    chain.start(START);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    chain.interval(T0 + 1000, closed(agg, T0 + 1000), () => {});
    chain.interval(T0 + 2000, closed(agg, T0 + 2000), () => {});
    await chain.end({ ...END, totals: agg.totals() });
    const { intervals } = readStatsNdjson(join(dir, 'stats.ndjson'));
    expect(intervals.map((l) => [l.t_s, l.sources])).toEqual([
      [1, { servers: { 'ejabberd@127.0.0.1': { cpu: 0.25, at: T0 + 1000 } } }],
      [2, { servers: { 'ejabberd@127.0.0.1': { cpu: 0.25, at: T0 + 2000 } } }],
    ]);
    expect(source.boundaries).toEqual([T0 + 1000, T0 + 2000]);
    expect(rec.seen.map((iv) => iv.sources.servers)).toEqual([
      { 'ejabberd@127.0.0.1': { cpu: 0.25, at: T0 + 1000 } },
      { 'ejabberd@127.0.0.1': { cpu: 0.25, at: T0 + 2000 } },
    ]);
    expect(rec.seen.map((iv) => iv.record.tEpochMs)).toEqual([T0 + 1000, T0 + 2000]);
  });

  it('leaves out a sample that is late or fails, and says so once', async () => {
    expect.assertions(2);
    const lines: string[] = [];
    const failing: RunSource = { field: 'broken', sample: () => Promise.reject(new Error('connection refused')) };
    const rec = new Recorder();
    const chain = new OutputChain([rec], [new FakeServerSource(200), failing], { sampleTimeoutMs: 20, log: (l) => lines.push(l) });
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    chain.interval(T0 + 1000, closed(agg, T0 + 1000), () => {});
    chain.interval(T0 + 2000, closed(agg, T0 + 2000), () => {});
    await chain.drain();
    expect(rec.seen.map((iv) => iv.sources)).toEqual([{}, {}]);
    expect(lines.sort()).toEqual([
      'warning: source broken: sample failed: connection refused (said once)',
      'warning: source servers: no sample within 20 ms; left out of the interval (said once)',
    ]);
  });

  it('without sources hands the interval over at once; the first verdict stops the run', () => {
    const verdicts: string[] = [];
    const stopper = (why: string): RunOutput => ({ name: why, interval: () => ({ abort: why }) });
    const rec = new Recorder();
    const chain = new OutputChain([stopper('first'), rec, stopper('second')]);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    chain.interval(T0 + 1000, closed(agg, T0 + 1000), (v) => verdicts.push(v.abort));
    expect(verdicts).toEqual(['first']);
    expect(rec.seen).toHaveLength(1);
  });

  it('refuses two sources writing the same field (a bug in xload)', () => {
    const s: RunSource = { field: 'servers', sample: async () => null };
    expect(() => new OutputChain([], [s, s])).toThrow(InternalError);
  });
});
