import { join } from 'node:path';
import { RunAggregator } from '../stats/aggregate.js';
import { ShardRecorder } from '../stats/recorder.js';
import type { RunTotals } from '../stats/totals.js';
import { latencyStats } from '../stats/histogram-stats.js';
import { NdjsonWriter } from './ndjson.js';
import type { StatsEndInput, StatsHeaderInput } from './ndjson.js';
import { COUNTER, GAUGE, METRIC, requestMetric } from '../stats/metric-names.js';

/** Options for a synthetic run: a deterministic stand-in for the engine, for tests and fixtures. */
export interface SyntheticRunOptions {
  intervals: number;
  shards?: number;
  /** Users arriving per shard per interval. */
  arrivalsPerInterval?: number;
  seed?: number;
  /** Write the end line (a finished run) or not (a run killed hard). */
  finish?: boolean;
  startedMs?: number;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same run, byte for byte. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Drives real ShardRecorders, a RunAggregator and an NdjsonWriter with made-up but plausible
 * traffic (a login ramp, chat messages, a few losses and errors) and writes DIR/stats.ndjson.
 * Returns the live aggregator's totals, so tests can compare them with a rebuild from the file.
 */
export async function writeSyntheticRun(
  dir: string,
  opts: SyntheticRunOptions,
): Promise<{ totals: RunTotals; header: StatsHeaderInput; end?: StatsEndInput }> {
  const shards = opts.shards ?? 2;
  const arrivals = opts.arrivalsPerInterval ?? 5;
  const rand = mulberry32(opts.seed ?? 1);
  const T0 = opts.startedMs ?? Date.UTC(2026, 0, 15, 12, 0, 0);
  const header: StatsHeaderInput = {
    run_id: 'synthetic-20260115-120000',
    scenario: 'scenarios/chat.xml',
    started: new Date(T0).toISOString(),
    xload_version: '0.1.0',
    interval_ms: 1000,
    workers: shards,
    servers: ['127.0.0.1:5222'],
    meta: { synthetic: true, seed: opts.seed ?? 1 },
  };
  let now = T0;
  const recs = Array.from({ length: shards }, () => new ShardRecorder({ now: () => now }));
  const agg = new RunAggregator({ intervalMs: 1000, shards, startedMs: T0 });
  const w = NdjsonWriter.open(join(dir, 'stats.ndjson'), header);
  const active = new Array<number>(shards).fill(0);
  let sent = 0,
    delivered = 0;
  for (let i = 0; i < opts.intervals; i++) {
    recs.forEach((r, s) => {
      const ramping = i < opts.intervals / 2;
      for (let u = 0; ramping && u < arrivals; u++) {
        now = T0 + i * 1000 + Math.floor(rand() * 900);
        r.count(COUNTER.usersStarted);
        r.record(METRIC.connect, 0.3 + rand() * 2);
        if (rand() < 0.03) {
          r.error('auth_failed');
          r.count(COUNTER.usersFailed);
          continue;
        }
        r.record(METRIC.auth, 2 + rand() * 6);
        r.record(METRIC.session, 5 + rand() * 10);
        active[s] = (active[s] ?? 0) + 1;
      }
      for (let m = 0; m < (active[s] ?? 0); m++) {
        sent++;
        r.count(COUNTER.messagesSent);
        r.count(COUNTER.stanzasSent, 2);
        r.count(COUNTER.bytesSent, 400);
        if (rand() < 0.995) {
          delivered++;
          r.count(COUNTER.messagesDelivered);
          r.count(COUNTER.stanzasReceived, 2);
          r.count(COUNTER.bytesReceived, 520);
          // Mostly a few ms, with a tail: a GC pause or a slow server now and then.
          r.record(METRIC.msgLatency, rand() < 0.01 ? 50 + rand() * 400 : 0.8 + rand() * rand() * 20);
        }
        r.record(requestMetric('chat'), 0.5 + rand() * 3);
      }
      if (i === Math.floor(opts.intervals * 0.7)) r.error('stream_error.conflict', 2);
      if (!ramping && (active[s] ?? 0) > 0 && rand() < 0.3) {
        active[s] = (active[s] ?? 0) - 1;
        r.count(COUNTER.usersFinished);
      }
      r.setGauge(GAUGE.usersActive, active[s] ?? 0);
      r.setGauge(GAUGE.usersConnected, active[s] ?? 0);
    });
    now = T0 + (i + 1) * 1000;
    recs.forEach((r, s) => agg.add(s, r.takeSnapshot()));
    w.writeInterval(agg.closeInterval(now));
  }
  let end: StatsEndInput | undefined;
  if (opts.finish ?? true) {
    const lost = sent - delivered;
    const latency = agg.totals().metrics[METRIC.msgLatency];
    const p99 = latency === undefined ? 0 : latencyStats(latency).p99_ms;
    end = {
      status: 'completed',
      duration_s: opts.intervals,
      messages: { lost, in_flight: 0 },
      thresholds: [
        { expr: 'p99(xmpp_msg_latency) < 100ms', ok: p99 < 100, value: p99 },
        { expr: 'messages.lost == 0', ok: lost === 0, value: lost },
      ],
    };
    w.writeEnd(end);
  }
  await w.close();
  return end === undefined ? { totals: agg.totals(), header } : { totals: agg.totals(), header, end };
}
