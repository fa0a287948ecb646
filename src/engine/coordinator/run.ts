import { Worker } from 'node:worker_threads';
import { RunAggregator } from '../../stats/aggregate.js';
import { NdjsonWriter } from '../../report/ndjson.js';
import type { Plan } from '../../scenario/plan.js';
import type { RunStatus } from '../../report/summary-types.js';
import { PROTOCOL_VERSION, type FromShard, type ToShard } from '../protocol.js';
import { segmentOf } from '../segment.js';
import { attachSharedState, createSharedBuffers } from '../shared/shared-state.js';
import { settleDelivery, type DeliveryTotals, type SeqSample } from './delivery.js';
import { ProgressLine } from './progress.js';

/** How a run is driven; all times in ms. */
export interface RunOptions {
  runId: string;
  /** The run folder (already created): stats.ndjson goes there. */
  dir: string;
  workers: number;
  intervalMs: number;
  /** `--duration`, or the plan's `<load duration>`; absent = until the load is over. */
  durationMs?: number;
  requestTimeoutMs: number;
  progressEveryMs: number;
  seed: number;
  xloadVersion: string;
  /** One line for the console (progress, warnings). */
  log: (line: string) => void;
  /** Subscribe to stop requests (Ctrl-C); returns an unsubscribe function. */
  onInterrupt?: (handler: () => void) => () => void;
}

export interface RunResult {
  status: RunStatus;
  reason?: string;
  delivery: DeliveryTotals;
  durationS: number;
}

/** How long users may take to close their sessions after a graceful stop. */
const STOP_GRACE_MS = 10_000;
/** Messages sent this long before a cut-short end count as in flight, not lost. */
const IN_FLIGHT_WINDOW_MS = 5_000;
/** Snapshots are posted at each interval boundary; close the interval this much later. */
const COLLECT_DELAY_MS = 150;

/**
 * The coordinator: spawns one worker thread per shard, hands each the plan and its
 * segment, starts them together, merges their interval snapshots into stats.ndjson as
 * the run goes, and settles delivery accounting at the end. Whatever happens (a worker
 * crash, Ctrl-C twice), what was collected is written before it returns.
 */
export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunResult> {
  const shardCount = Math.max(1, opts.workers);
  const buffers = createSharedBuffers(Math.max(plan.options.jabber.userIdMax, 1), plan.options.jabber.globalNumber);
  const shared = attachSharedState(buffers);
  const started = new Date();
  const writer = NdjsonWriter.open(`${opts.dir}/stats.ndjson`, {
    run_id: opts.runId,
    scenario: plan.scenario,
    started: started.toISOString(),
    xload_version: opts.xloadVersion,
    interval_ms: opts.intervalMs,
    workers: shardCount,
    servers: plan.servers.map((s) => `${s.type}://${s.host}:${s.port}`),
    meta: { domain: plan.options.jabber.domain, duration_ms: opts.durationMs ?? null },
  });
  const aggregator = new RunAggregator({ intervalMs: opts.intervalMs, shards: shardCount, startedMs: started.getTime() });
  const progress = new ProgressLine();
  const samples: SeqSample[] = [];
  const workerUrl = new URL('../runtime/worker-entry.js', import.meta.url);
  const workers: Worker[] = [];
  const ready = new Set<number>();
  const done = new Set<number>();
  let phase = 0;
  let status: RunStatus = 'completed';
  let reason: string | undefined;
  let cut = false;
  let stopping: 'no' | 'graceful' | 'abort' = 'no';
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  let startAt = 0;

  const send = (m: ToShard) => workers.forEach((w) => w.postMessage(m));
  const onMessage = (m: FromShard) => {
    switch (m.type) {
      case 'ready':
        ready.add(m.shard);
        if (ready.size === shardCount) {
          startAt = Date.now() + 50;
          send({ type: 'start', startAt });
          armIntervals();
        }
        return;
      case 'snapshot':
        aggregator.add(m.shard, m.snap);
        phase = Math.max(phase, m.phase);
        return;
      case 'done':
        aggregator.add(m.shard, m.snap);
        done.add(m.shard);
        if (done.size === shardCount) finish();
        return;
      case 'log':
        opts.log(`shard ${m.shard}: ${m.message}`);
        return;
      case 'abort':
        stop('abort', 'aborted', m.reason);
        return;
      case 'fatal':
        opts.log(`bug in xload: shard ${m.shard} crashed: ${m.stack ?? m.message}`);
        stop('abort', 'failed', `shard ${m.shard} crashed: ${m.message}`);
        return;
    }
  };

  function stop(mode: 'graceful' | 'abort', why: RunStatus, text: string): void {
    if (stopping === 'abort' || (stopping === 'graceful' && mode === 'graceful')) return;
    if (status === 'completed') status = why;
    reason ??= text;
    cut = true;
    stopping = mode;
    send({ type: 'stop', mode, reason: text });
    if (mode === 'graceful') {
      setTimeout(() => stop('abort', why, `${text}; sessions still open after ${STOP_GRACE_MS / 1000} s were dropped`), STOP_GRACE_MS).unref();
    } else {
      // Workers drop their users at once; give them a moment to post their last snapshot.
      setTimeout(finish, 2_000).unref();
    }
  }

  let intervalTimer: NodeJS.Timeout | null = null;
  let lastProgress = 0;
  function closeInterval(boundary: number): void {
    const rec = aggregator.closeInterval(boundary);
    writer.writeInterval(rec);
    progress.add(rec);
    samples.push({ at: boundary, issued: shared.ledger.issued() });
  }
  function armIntervals(): void {
    let k = 1;
    const tick = () => {
      closeInterval(startAt + k * opts.intervalMs);
      const now = Date.now();
      if (now - lastProgress >= opts.progressEveryMs) {
        lastProgress = now;
        opts.log(progress.render((now - startAt) / 1000, phase));
      }
      k++;
      intervalTimer = setTimeout(tick, Math.max(0, startAt + k * opts.intervalMs + COLLECT_DELAY_MS - Date.now()));
    };
    lastProgress = Date.now();
    intervalTimer = setTimeout(tick, Math.max(0, startAt + opts.intervalMs + COLLECT_DELAY_MS - Date.now()));
    if (opts.durationMs !== undefined) {
      setTimeout(() => stop('graceful', 'completed', `--duration ${opts.durationMs! / 1000} s reached`), startAt + opts.durationMs - Date.now()).unref();
    }
  }

  let interrupts = 0;
  const unsubscribe = opts.onInterrupt?.(() => {
    interrupts++;
    if (interrupts === 1) {
      opts.log('stopping: users are closing their sessions (Ctrl-C again to abort now)');
      stop('graceful', 'aborted', 'interrupted (Ctrl-C)');
    } else {
      opts.log('aborting now');
      stop('abort', 'aborted', 'interrupted twice (Ctrl-C)');
    }
  });

  for (let i = 0; i < shardCount; i++) {
    const w = new Worker(workerUrl);
    workers.push(w);
    w.on('message', onMessage);
    w.on('error', (err) => onMessage({ type: 'fatal', shard: i, message: err.message, ...(err.stack ? { stack: err.stack } : {}) }));
    w.on('exit', (code) => {
      if (!done.has(i) && stopping !== 'abort') {
        onMessage({ type: 'fatal', shard: i, message: `worker exited with code ${code}` });
      }
    });
    w.postMessage({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      plan,
      shard: { index: i, count: shardCount, segment: segmentOf(i, shardCount) },
      shared: buffers,
      runId: opts.runId,
      intervalMs: opts.intervalMs,
      requestTimeoutMs: opts.requestTimeoutMs,
      seed: (opts.seed + i * 0x9e3779b1) >>> 0,
      ...(opts.durationMs !== undefined ? { durationMs: opts.durationMs } : {}),
    } satisfies ToShard);
  }

  try {
    await finished;
  } finally {
    unsubscribe?.();
    if (intervalTimer) clearTimeout(intervalTimer);
  }
  const endedAt = Date.now();
  // Anything posted after the last boundary goes into one final interval.
  closeInterval(Math.max(endedAt, startAt + 1) + 1);
  await Promise.all(workers.map((w) => w.terminate()));

  const totals = aggregator.totals().counters;
  const delivery = settleDelivery(
    shared.ledger,
    {
      sent: totals.messages_sent ?? 0,
      delivered: totals.messages_delivered ?? 0,
      duplicated: totals.messages_duplicated ?? 0,
    },
    { cut, endedAt, windowMs: IN_FLIGHT_WINDOW_MS, samples },
  );
  const usersStarted = totals.users_started ?? 0;
  const usersFailed = totals.users_failed ?? 0;
  if (status === 'completed' && usersStarted > 0 && usersFailed === usersStarted) {
    status = 'failed';
    reason = `every user failed (${usersFailed} of ${usersStarted})`;
  }
  const durationS = (endedAt - (startAt || started.getTime())) / 1000;
  writer.writeEnd({
    status,
    duration_s: Math.round(durationS * 1000) / 1000,
    messages: delivery,
    thresholds: [],
    ...(reason ? { reason } : {}),
  });
  await writer.close();
  return { status, ...(reason ? { reason } : {}), delivery, durationS };
}
