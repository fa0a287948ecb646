import { writeFileSync } from 'node:fs';
import { RunAggregator, type IntervalRecord } from '../../stats/aggregate.js';
import type { RunTotals } from '../../stats/totals.js';
import { NdjsonWriter } from '../../report/ndjson.js';
import type { Plan } from '../../scenario/plan.js';
import type { RunStatus } from '../../report/summary-types.js';
import type { FromShard, ToShard } from '../protocol.js';
import { ClusterRelay } from './cluster-relay.js';
import { shareNodes } from './cluster-plan.js';
import { nodeInit } from './node-init.js';
import { settleDelivery, type DeliveryTotals, type SeqSample } from './delivery.js';
import { InProcessLink } from './node-link.js';
import { lostSnapshots, NodeTally } from './node-tally.js';
import { openNodes, type ClusterOptions } from './open-nodes.js';
import { ProgressLine } from './progress.js';
import { describeNodes, runOnceFailure, runOnceStart } from './console-lines.js';

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
  /** Agents and child processes; absent = this process's worker threads only. */
  cluster?: ClusterOptions;
  /** After each interval closes, with the run's totals so far (thresholds, dashboard); `{ abort }` stops the run. */
  onInterval?: (rec: IntervalRecord, totals: RunTotals, phase: number) => { abort: string } | undefined;
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
/** How long nodes may take to get ready (agents probe their targets first). */
const READY_TIMEOUT_MS = 60_000;

const LOCAL_ONLY: ClusterOptions = { agents: [], localWeight: 1, processes: 1, maxLostAgents: 0, maxClockOffsetMs: 1000 };

/**
 * The coordinator: opens the run's nodes (its own worker threads, child processes, remote
 * agents: one NodeLink each), hands each the plan and its share, starts every shard at one
 * agreed time, merges their interval snapshots into stats.ndjson as the run goes, relays
 * replicated state between nodes, and settles delivery accounting at the end. Whatever
 * happens (a worker crash, a lost agent, Ctrl-C twice), what was collected is written.
 */
export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunResult> {
  const cluster = opts.cluster ?? LOCAL_ONLY;
  const nodes = await openNodes(Math.max(1, opts.workers), cluster, opts.xloadVersion, opts.log);
  opts.log(`load on ${describeNodes(nodes.map((n) => ({ kind: n.link.kind, name: n.link.name, workers: n.shape.workers, ...(n.shape.maxUsers !== undefined ? { maxUsers: n.shape.maxUsers } : {}) })))}`);
  const userIdMax = Math.max(plan.options.jabber.userIdMax, 1);
  const shares = shareNodes(userIdMax, nodes.map((n) => n.shape));
  const remote = nodes.some((n) => n.link.kind !== 'local');
  // State is replicated and receipts journaled whenever a node is outside this process.
  const multi = nodes.length > 1 || remote;
  const relay = multi ? new ClusterRelay(nodes.length, shares[0]!.seq.size, userIdMax) : null;
  const shardCount = shares[0]!.shards.total;
  const shardNode: number[] = [];
  shares.forEach((s, k) => {
    for (let j = 0; j < s.shards.count; j++) shardNode[s.shards.first + j] = k;
  });
  const tally = new NodeTally(nodes.map((n, k) => ({
    name: n.link.name,
    kind: n.link.kind,
    shards: Array.from({ length: shares[k]!.shards.count }, (_, j) => shares[k]!.shards.first + j),
    ...(n.clock ? { clock: n.clock } : {}),
  })));
  const started = new Date();
  const writer = NdjsonWriter.open(`${opts.dir}/stats.ndjson`, {
    run_id: opts.runId,
    scenario: plan.scenario,
    started: started.toISOString(),
    xload_version: opts.xloadVersion,
    interval_ms: opts.intervalMs,
    workers: shardCount,
    servers: plan.servers.map((s) => `${s.type}://${s.host}:${s.port}`),
    meta: {
      domain: plan.options.jabber.domain,
      duration_ms: opts.durationMs ?? null,
      ...(multi ? { nodes: tally.rows.map(({ node, name, kind, shards, clock_offset_ms, clock_uncertainty_ms }) => ({ node, name, kind, shards, clock_offset_ms, clock_uncertainty_ms })) } : {}),
    },
  });
  const aggregator = new RunAggregator({ intervalMs: opts.intervalMs, shards: shardCount, startedMs: started.getTime() });
  const progress = new ProgressLine();
  const samples: SeqSample[] = [];
  const ready = new Set<number>();
  const done = new Set<number>();
  const lost = new Set<number>();
  let lostAgents = 0;
  let phase = 0;
  let status: RunStatus = 'completed';
  let reason: string | undefined;
  let cut = false;
  let stopping: 'no' | 'graceful' | 'abort' = 'no';
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  let startAt = 0;
  let setupAt = 0;
  const runOnce = plan.runOnce ?? [];
  const startLoad = () => {
    startAt = Date.now() + leadMs;
    send({ type: 'start', startAt });
    armIntervals();
  };
  const leadMs = remote ? 500 : 50;
  const collectDelayMs = remote ? 400 : 150;

  const send = (m: ToShard) => nodes.forEach((n, k) => lost.has(k) || n.link.send(m));
  const checkAllDone = () => {
    if (done.size >= shardCount) finish();
  };
  const onMessage = (k: number, m: FromShard) => {
    switch (m.type) {
      case 'ready':
        ready.add(m.shard);
        if (ready.size === shardCount && stopping === 'no') {
          clearTimeout(readyTimer);
          if (runOnce.length > 0) {
            // Once across the cluster: on the first shard of node 0 (this process when it runs load).
            setupAt = Date.now();
            opts.log(runOnceStart(runOnce, nodes[0]!.link));
            nodes[0]!.link.send({ type: 'setup', shard: shares[0]!.shards.first });
          } else startLoad();
        }
        return;
      case 'setup-done':
        if (stopping !== 'no') return;
        // The run-once sessions' stats get an interval of their own, before the load's.
        closeInterval(Date.now());
        if (m.failed) {
          stop('abort', 'failed', runOnceFailure(m.failed));
          finish();
          return;
        }
        opts.log(`run-once: done in ${((Date.now() - setupAt) / 1000).toFixed(1)} s${m.tolerated ? ` (errors of no_ack requests, gone on after: ${Object.entries(m.tolerated).map(([c, n]) => `${c} ×${n}`).join(', ')})` : ''}; starting the load`);
        startLoad();
        return;
      case 'snapshot':
      case 'done':
        if (lost.has(k)) return;
        aggregator.add(m.shard, m.snap);
        tally.add(k, m.shard, m.snap);
        if (m.received && relay) tally.addCross(k, relay.onReceived(k, m.received));
        if (m.type === 'snapshot') phase = Math.max(phase, m.phase);
        else {
          done.add(m.shard);
          checkAllDone();
        }
        return;
      case 'sync':
        for (const r of relay?.onSync(m) ?? []) if (!lost.has(r.node)) nodes[r.node]!.link.send(r.msg);
        return;
      case 'log':
        opts.log(`shard ${m.shard}: ${m.message}`);
        return;
      case 'abort':
        stop('abort', 'aborted', m.reason);
        return;
      case 'refused':
        stop('abort', 'failed', `${nodes[k]!.link.kind} ${nodes[k]!.link.name} refused the run: ${m.message}`);
        if (!startAt) finish();
        return;
      case 'fatal':
        opts.log(`bug in xload: shard ${m.shard} crashed: ${m.stack ?? m.message}`);
        stop('abort', 'failed', `shard ${m.shard} crashed: ${m.message}`);
        return;
      case 'pong':
        return;
    }
  };

  const onLost = (k: number, why: string) => {
    if (lost.has(k) || done.size >= shardCount) return;
    lost.add(k);
    const { kind, name } = nodes[k]!.link;
    if (!startAt) {
      stop('abort', 'failed', `${kind} ${name} lost before the start: ${why}`);
      finish();
      return;
    }
    const users = tally.lose(k, why, relay?.connectedOn(k) ?? 0);
    // Keep what it sent; its users are lost now: take them out of the gauges, count them.
    for (const [shard, snap] of lostSnapshots(tally.rows[k]!.shards, users, Date.now())) {
      aggregator.add(shard, snap);
      done.add(shard);
    }
    opts.log(`${kind} ${name} lost: ${why}; its data up to then is kept, ${users} user(s) lost`);
    if (kind === 'agent') lostAgents++;
    if (kind !== 'agent' || lostAgents > cluster.maxLostAgents) {
      stop('abort', 'failed', `${kind} ${name} lost: ${why}${kind === 'agent' ? ` (--max-lost-agents ${cluster.maxLostAgents})` : ''}`);
    }
    checkAllDone();
  };

  function stop(mode: 'graceful' | 'abort', why: RunStatus, text: string): void {
    if (stopping === 'abort' || (stopping === 'graceful' && mode === 'graceful')) return;
    if (status === 'completed') status = why;
    reason ??= text;
    cut = true;
    stopping = mode;
    send({ type: 'stop', mode, reason: text });
    if (mode === 'graceful') {
      stopTimers.push(setTimeout(() => stop('abort', why, `${text}; sessions still open after ${STOP_GRACE_MS / 1000} s were dropped`), STOP_GRACE_MS));
    } else {
      // Shards drop their users at once; give them a moment to post their last snapshot.
      stopTimers.push(setTimeout(finish, 2_000));
    }
  }

  const stopTimers: NodeJS.Timeout[] = [];
  let intervalTimer: NodeJS.Timeout | null = null;
  let lastProgress = 0;
  function closeInterval(boundary: number): IntervalRecord {
    const rec = aggregator.closeInterval(boundary);
    writer.writeInterval(rec);
    progress.add(rec);
    if (relay) relay.sample(boundary);
    else if (localLedger) samples.push({ at: boundary, issued: localLedger().issued() });
    return rec;
  }
  function armIntervals(): void {
    let k = 1;
    const tick = () => {
      const rec = closeInterval(startAt + k * opts.intervalMs);
      const verdict = opts.onInterval?.(rec, aggregator.totals(), phase);
      if (verdict) stop('graceful', 'aborted', verdict.abort);
      const now = Date.now();
      if (now - lastProgress >= opts.progressEveryMs) {
        lastProgress = now;
        opts.log(progress.render((now - startAt) / 1000, phase));
      }
      k++;
      intervalTimer = setTimeout(tick, Math.max(0, startAt + k * opts.intervalMs + collectDelayMs - Date.now()));
    };
    lastProgress = Date.now();
    intervalTimer = setTimeout(tick, Math.max(0, startAt + opts.intervalMs + collectDelayMs - Date.now()));
    if (opts.durationMs !== undefined) {
      setTimeout(() => stop('graceful', 'completed', `--duration ${opts.durationMs! / 1000} s reached`), startAt + opts.durationMs - Date.now()).unref();
    }
  }
  const single = !multi && nodes[0]!.link instanceof InProcessLink ? (nodes[0]!.link as InProcessLink) : null;
  const localLedger = single ? () => single.host!.state.ledger : null;

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
    if (!startAt) finish();
  });

  const readyTimer = setTimeout(() => {
    const missing = nodes.filter((_, k) => tally.rows[k]!.shards.some((s) => !ready.has(s)));
    stop('abort', 'failed', `not ready within ${READY_TIMEOUT_MS / 1000} s: ${missing.map((n) => `${n.link.kind} ${n.link.name}`).join(', ')}`);
    finish();
  }, READY_TIMEOUT_MS);
  nodes.forEach((n, k) => {
    n.link.listen({ message: (m) => onMessage(k, m), lost: (why) => onLost(k, why) });
    n.link.send(nodeInit(plan, opts, k, n.link.name, n.shape, shares[k]!, multi, n.clock?.offsetMs ?? 0));
  });

  try {
    await finished;
  } finally {
    unsubscribe?.();
    clearTimeout(readyTimer);
    stopTimers.forEach(clearTimeout);
    if (intervalTimer) clearTimeout(intervalTimer);
  }
  const endedAt = Date.now();
  // Anything posted after the last boundary goes into one final interval.
  closeInterval(Math.max(endedAt, startAt + 1) + 1);
  // Settle before closing links: the local ledger lives in the in-process node.
  const totals = aggregator.totals().counters;
  const counted = { sent: totals.messages_sent ?? 0, delivered: totals.messages_delivered ?? 0, duplicated: totals.messages_duplicated ?? 0 };
  const settleOpts = { cut, endedAt, windowMs: IN_FLIGHT_WINDOW_MS };
  const delivery = relay
    ? relay.settle(counted.sent, settleOpts)
    : localLedger && single?.host
      ? settleDelivery(localLedger(), counted, { ...settleOpts, samples })
      : { ...counted, lost: 0, in_flight: 0 };
  await Promise.all(nodes.map((n) => n.link.close()));

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
  if (multi) {
    nodes.forEach((n, k) => {
      const c = n.clockNow?.();
      if (c) tally.setClock(k, c);
    });
    writeFileSync(`${opts.dir}/nodes.json`, `${JSON.stringify({ schema: 'xload.nodes/1', nodes: tally.rows }, null, 2)}\n`);
    opts.log('nodes:');
    for (const line of tally.render()) opts.log(line);
  }
  return { status, ...(reason ? { reason } : {}), delivery, durationS };
}
