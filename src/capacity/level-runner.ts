/**
 * Runs one capacity level and judges it.
 *
 * Each level is its own runPlan on a scaled plan, in its own subfolder of the capacity run
 * folder (levels/03-12.5/), rather than one long run with steps: a level then has the
 * whole run machinery (stats.ndjson, settlement of every stamped message, sessions closed
 * and counted) with nothing carried over from the level before, the cooldown is simply
 * "runPlan returned" (every session closed) plus a pause (cooldown.ts: fixed, or until the
 * monitored CPU settles), and agents/child processes need nothing new. The cost is a login
 * ramp per level, which the steady second half absorbs.
 * A level whose cooldown timed out is still measured: its record says the server had not
 * settled after it (`cooldown.settled`), and the next level's says it started unsettled.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runPlan, type RunOptions } from '../engine/coordinator/run.js';
import type { RunSource } from '../output/types.js';
import type { Plan } from '../scenario/plan.js';
import type { Threshold } from '../thresholds/index.js';
import { meanOf, usToMs } from '../stats/histogram-stats.js';
import { allowsLoss, judgeLevel } from './gates.js';
import type { CapacityLevel } from '../report/capacity-types.js';
import { finishRunOutputs } from '../report/finish-run.js';
import { AXIS_UNIT, scalePlan, type Axis } from './scale.js';
import { unsettledLine, type Cooldown } from './cooldown.js';
import type { LevelOutcome, SearchStep } from './search-types.js';
import { StepOutput } from './step-output.js';
import { runLevelReset } from './level-reset.js';
import { reduceStep } from './window.js';
import { METRIC } from '../stats/metric-names.js';

/** What the level runner needs besides the level: the run options every level shares. */
export interface LevelContext {
  plan: Plan;
  axis: Axis;
  slos: readonly Threshold[];
  /** The capacity run folder; levels go under levels/. */
  dir: string;
  runId: string;
  /** The wait after each level: fixed, or until the monitored CPUs settle (cooldown.ts). */
  cooldown: Cooldown;
  /** `--between-levels`: the command that resets the server after each level, and its time limit. */
  reset?: { command: string; timeoutMs: number };
  /** Set when the reset failed: why. The search stops, the server's state being unknown. */
  resetFailed?: string;
  /** Set when the last cooldown timed out: the next level starts on an unsettled server. */
  unsettled?: boolean;
  run: Omit<RunOptions, 'runId' | 'dir' | 'durationMs' | 'outputs'>;
  /** Set by the start level on the message-rate axis. */
  messagesPerLevel?: number;
}

/** One point of the curve (summary.json `capacity.searches[].levels[]`). */
export type LevelReport = CapacityLevel;

const LATENCY = METRIC.msgLatency;

export async function runLevel(
  ctx: LevelContext,
  step: SearchStep,
  holdMs: number,
  index: number,
): Promise<{ report: LevelReport; outcome: LevelOutcome | 'interrupted' }> {
  const rel = join('levels', `${String(index + 1).padStart(2, '0')}-${step.level}`);
  const startedUnsettled = ctx.unsettled === true;
  const dir = join(ctx.dir, rel);
  mkdirSync(dir, { recursive: true });
  const out = new StepOutput(holdMs);
  const plan = scalePlan(ctx.plan, ctx.axis, step.level, holdMs);
  // Rate axes drain on their own; the cap only bounds a scenario whose sessions never end.
  const durationMs = ctx.axis === 'users' ? holdMs : 2 * holdMs + 30_000;
  // The level's own monitor readings (each run closes its sources): its summary.json gets
  // `servers`, its curve point the server's CPU/RSS, and SLOs may read `server.*`.
  const sources = await levelSources(ctx);
  const result = await runPlan(plan, {
    ...ctx.run,
    runId: `${ctx.runId}-${index + 1}`,
    dir,
    durationMs,
    outputs: [out],
    ...(sources ? { sources: [sources] } : {}),
  });
  const servers = out.servers.summary();
  const end = out.end_;
  const totals = end?.totals;
  const hist = totals?.metrics[LATENCY];
  const window = reduceStep(out.samples, holdMs / 1000, out.shards);
  const errors = totals ? Object.values(totals.errors).reduce((n, e) => n + e.count, 0) : 0;
  const messages = { sent: result.delivery.sent, delivered: result.delivery.delivered, lost: result.delivery.lost };
  const base = {
    index,
    level: step.level,
    kind: step.kind,
    ...(step.trial ? { trial: step.trial } : {}),
    hold_s: holdMs / 1000,
    dir: rel,
    ...(startedUnsettled ? { started_unsettled: true as const } : {}),
    errors,
    messages,
    ...(servers ? { servers } : {}),
    achieved: {
      users_per_s: round(window.usersStartedPerS),
      messages_per_s: round(window.messagesSentPerS),
      max_users_active: window.maxUsersActive,
    },
    latency_ms:
      hist && hist.totalCount > 0
        ? { p50: usToMs(hist.getValueAtPercentile(50)), p99: usToMs(hist.getValueAtPercentile(99)), mean: round(usToMs(meanOf(hist))) }
        : { p50: null, p99: null, mean: null },
  };
  if (result.status === 'aborted') {
    finishRunOutputs(dir, ctx.slos);
    return { report: { ...base, outcome: 'interrupted', gate: result.reason ?? null, gates: [] }, outcome: 'interrupted' };
  }
  // Each level keeps its own summary.json and report.html (`xload report` works on it too).
  // Its SLOs are the ones evaluated there, on the settled summary and exact histograms, as
  // `start` judges its thresholds: live counters know nothing of the messages declared lost
  // when the level ended, so a level that lost 0.03% passed `rate(messages.lost) < 0.01%`
  // (bench/README.md, issue 15).
  const slos = finishRunOutputs(dir, ctx.slos).summary.thresholds;
  const { gates, outcome } = judgeLevel({
    axis: ctx.axis,
    level: step.level,
    window,
    slos,
    lost: messages.lost,
    sloAllowsLoss: allowsLoss(ctx.slos.map((s) => s.expr.source)),
    ...(ctx.messagesPerLevel !== undefined ? { messagesPerLevel: ctx.messagesPerLevel } : {}),
  });
  if (result.status === 'failed') gates.unshift({ gate: 'run completed', ok: false, detail: result.reason ?? 'the run failed' });
  const final: LevelOutcome = result.status === 'failed' ? { kind: 'fail', gate: 'run completed' } : outcome;
  if (ctx.axis === 'message-rate' && step.kind === 'start' && final.kind === 'pass')
    ctx.messagesPerLevel = window.messagesSentPerS / step.level;
  if (out.lastUsersActive > 0) ctx.run.log(`warning: ${out.lastUsersActive} users still active after the level`);
  if (ctx.reset) {
    const r = await runLevelReset(ctx.reset.command, step.level, ctx.reset.timeoutMs);
    if (r.ok) ctx.run.log(`between levels: ${JSON.stringify(ctx.reset.command)} took ${Math.round(r.ms / 100) / 10} s`);
    else {
      ctx.resetFailed = `--between-levels ${JSON.stringify(ctx.reset.command)} failed after ${step.level} ${AXIS_UNIT[ctx.axis]} (${r.reason}): the search stops, the server's state is unknown`;
      ctx.run.log(`error: ${ctx.resetFailed}`);
    }
  }
  const cooldown = await ctx.cooldown.wait();
  ctx.unsettled = !cooldown.settled;
  if (cooldown.timed_out) ctx.run.log(unsettledLine(`${step.level} ${AXIS_UNIT[ctx.axis]}`, cooldown));
  const gate = final.kind === 'fail' ? final.gate : final.kind === 'generator-limited' ? final.detail : null;
  return { report: { ...base, outcome: final.kind, gate, gates, cooldown }, outcome: final };
}

/** The scenario's monitors for one level, opened optional: one that fails here leaves a gap, not a stopped search. */
async function levelSources(ctx: LevelContext): Promise<RunSource | null> {
  if ((ctx.plan.monitors ?? []).length === 0) return null;
  const { ServerMonitorsSource } = await import('../monitor/run-source.js');
  const { source, warnings } = await ServerMonitorsSource.open(ctx.plan, {
    intervalMs: ctx.run.intervalMs,
    optional: true,
    log: ctx.run.log,
  });
  for (const w of warnings) ctx.run.log(`warning: ${w}`);
  return source;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
