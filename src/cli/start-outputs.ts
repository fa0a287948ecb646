import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { XloadError } from '../errors.js';
import type { Plan } from '../scenario/plan.js';
import type { RunStatus, Summary } from '../report/summary-types.js';
import { finishRunOutputs } from '../report/finish-run.js';
import { writeOrSay, type RunOutputs } from '../report/write-run.js';
import { renderJunit } from '../report/junit.js';
import { collectThresholds, ThresholdSyntaxError, formatThresholdValue } from '../thresholds/index.js';
import { LiveThresholdOutput, ThresholdMonitor } from '../output/live-thresholds.js';
import { DashboardFeedOutput } from '../output/dashboard-feed.js';
import type { RunOutput } from '../output/types.js';
import type { Threshold } from '../thresholds/index.js';
import { DEFAULT_DASHBOARD_PORT } from '../dashboard/server.js';
import { DashboardThread } from '../dashboard/thread.js';
import { ExitCode } from './exit-codes.js';

/** `start`'s flags for what happens around the run: thresholds, JUnit, live dashboard. */
export interface StartOutputArgs {
  threshold?: string[];
  junit?: string;
  /** `--dashboard` alone is '' (Tsung's port 8091); `--dashboard PORT` a port. */
  dashboard?: string;
  'dashboard-host': string;
  'dashboard-refresh': number;
}

export function startOutputOptions<T>(y: Argv<T>): Argv<T & StartOutputArgs> {
  return y
    .option('threshold', {
      type: 'string',
      array: true,
      describe:
        'pass/fail condition, e.g. "p99(xmpp_msg_latency) < 200ms"; append "; abort_on_fail" to stop the run when it fails; repeatable',
    })
    .option('junit', { type: 'string', describe: 'write the thresholds (and the run status) as JUnit XML to FILE' })
    .option('dashboard', {
      type: 'string',
      describe: `serve a live report and /status.json while the run goes, on PORT (default ${DEFAULT_DASHBOARD_PORT})`,
    })
    .option('dashboard-host', {
      type: 'string',
      default: '127.0.0.1',
      describe: 'address the dashboard listens on (loopback unless you mean it)',
    })
    .option('dashboard-refresh', { type: 'number', default: 5, describe: 'seconds between dashboard page reloads' }) as Argv<
    T & StartOutputArgs
  >;
}

/** A bad `--threshold` or `--dashboard` value: a usage error before anything runs. */
export class StartOutputFlagError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * Everything `start` does around runPlan for issue 4: the thresholds (watched live for
 * abort_on_fail, evaluated at the end), the dashboard, JUnit, and the exit code.
 */
export class StartOutputs {
  private constructor(
    readonly thresholds: Threshold[],
    private readonly monitor: ThresholdMonitor,
    readonly dashboard: DashboardThread | undefined,
    private readonly junitPath: string | undefined,
  ) {}

  /** Parses the flags (throws StartOutputFlagError) and starts the dashboard on the run folder. */
  static async open(args: StartOutputArgs, plan: Plan, scenario: string, dir: string, cwd: string): Promise<StartOutputs> {
    let thresholds: Threshold[];
    try {
      thresholds = collectThresholds(plan.thresholds, args.threshold ?? [], scenario);
    } catch (err) {
      if (err instanceof ThresholdSyntaxError) throw new StartOutputFlagError(`--threshold: ${err.message}`);
      throw err;
    }
    let dashboard: DashboardThread | undefined;
    if (args.dashboard !== undefined) {
      const port = args.dashboard === '' ? DEFAULT_DASHBOARD_PORT : Number(args.dashboard);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new StartOutputFlagError(`--dashboard ${args.dashboard}: expected a port number`);
      if (!(args['dashboard-refresh'] > 0)) throw new StartOutputFlagError('--dashboard-refresh must be a positive number of seconds');
      dashboard = await DashboardThread.start({ dir, host: args['dashboard-host'], port, refreshS: args['dashboard-refresh'] });
    }
    const junit = args.junit === undefined ? undefined : resolve(cwd, args.junit);
    return new StartOutputs(thresholds, new ThresholdMonitor(thresholds, Date.now()), dashboard, junit);
  }

  /** Lines for the console before the run: where the dashboard is, and a warning when it is not on loopback. */
  startLines(): string[] {
    if (!this.dashboard) return [];
    const host = new URL(this.dashboard.url).hostname.replace(/^\[|\]$/g, '');
    const loopback = /^(127\.|::1$|localhost$)/.test(host);
    return [
      `dashboard: ${this.dashboard.url}`,
      ...(loopback ? [] : [`warning: the dashboard listens on ${host}: anyone who can reach it can read this run's data`]),
    ];
  }

  /** RunOptions.outputs: the dashboard's phase feed, and the live abort_on_fail thresholds. */
  runOutputs(): RunOutput[] {
    return [...(this.dashboard ? [new DashboardFeedOutput(this.dashboard)] : []), new LiveThresholdOutput(this.monitor)];
  }

  /** After runPlan: evaluates thresholds, writes summary.json, report.html and the JUnit file, stops the dashboard. */
  async finish(dir: string, runId: string): Promise<RunOutputs> {
    const outputs = finishRunOutputs(dir, this.thresholds, this.monitor.tripped?.threshold.expr.source);
    if (this.junitPath) {
      const path = this.junitPath;
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch {
        // writeOrSay below says why the file cannot be written.
      }
      const failure = writeOrSay(path, () => renderJunit(outputs.summary, { runId }));
      if (failure) outputs.writeFailures.push(failure);
    }
    await this.dashboard?.close();
    return outputs;
  }
}

/** Lines for the console after the end summary: one per threshold. */
export function renderThresholdLines(s: Summary): string[] {
  if (s.thresholds.length === 0) return [];
  const failed = s.thresholds.filter((t) => !t.ok).length;
  return [
    `  thresholds ${failed === 0 ? 'all passed' : `${failed} of ${s.thresholds.length} FAILED`}`,
    ...s.thresholds.map(
      (t) => `    ${t.ok ? 'pass' : 'FAIL'}  ${t.expr}  (${formatThresholdValue(t)})${t.aborted ? '  aborted the run' : ''}`,
    ),
  ];
}

/** README "Exit codes": a failed run beats an aborted one, which beats failed thresholds. */
export function exitCodeFor(status: RunStatus, s: Summary): number {
  if (status === 'failed') return ExitCode.runFailed;
  if (status === 'aborted') return ExitCode.aborted;
  if (s.thresholds.some((t) => !t.ok)) return ExitCode.thresholdsFailed;
  return ExitCode.ok;
}
