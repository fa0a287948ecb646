import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { defineCommand } from './command.js';
import { runLog } from './output-paths.js';
import { writeOrSay } from '../report/write-run.js';
import { checkRunPaths, runFlagRows, runOptions, type RunArgs } from './run-options.js';
import { ExitCode } from './exit-codes.js';
import { XloadError } from '../errors.js';
import type { Argv } from 'yargs';
import { compileFromArgs, refuseIdlePlan, withOverrideOptions } from './check.js';
import { refuseBadStories } from './story-modules.js';
import { checkFlags } from '../ranges.js';
import { redactScenarioFile } from '../scenario/redact.js';
import { readScenarioBytes } from '../scenario/source.js';
import { chooseRunFolder, makeRunId } from '../engine/coordinator/run-folder.js';
import { runPlan } from '../engine/coordinator/run.js';
import { checkOpenFiles } from '../engine/coordinator/limits.js';
import { defaultWorkers } from '../engine/coordinator/worker-count.js';
import { exitCodeFor, renderThresholdLines, startOutputOptions, StartOutputs, type StartOutputArgs } from './start-outputs.js';
import { renderEndSummary } from './end-summary.js';
import { XLOAD_VERSION } from '../version.js';
import { clusterFromArgs, clusterOptions, monitorAgentAuth, type ClusterArgs } from './cluster-flags.js';
import { AgentError } from '../agent/errors.js';
import type { MetricsEndpointOutput } from '../output/metrics-endpoint.js';
import { MonitorRefusedError, MonitorUnreachableError } from '../monitor/errors.js';

interface StartArgs extends ClusterArgs, StartOutputArgs, RunArgs {
  file?: string;
  duration?: number;
  server?: string[];
  option?: string[];
  'file-server'?: string[];
  'monitor-optional'?: boolean;
  'metrics-port'?: number;
  'metrics-host': string;
}

/** `xload -f scenario.xml start`: run the scenario and write reports/<run-id>/. */
export const startCommand = defineCommand<StartArgs>({
  command: 'start',
  describe: 'run a scenario against its servers and write stats.ndjson, summary.json and report.html',
  builder: (y) =>
    runOptions(startOutputOptions(clusterOptions(withOverrideOptions(y))), 5)
      .option('duration', { type: 'number', describe: 'stop the load after this many seconds (sessions are closed cleanly)' })
      .option('metrics-port', {
        type: 'number',
        describe: "serve xload's own figures for Prometheus at http://HOST:PORT/metrics while the run goes",
      })
      .option('metrics-host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'address --metrics-port listens on (loopback unless you mean it)',
      })
      .option('monitor-optional', {
        type: 'boolean',
        describe: 'a <monitoring> monitor that cannot be reached at start is a warning, not an error',
      }) as Argv<StartArgs>,
  run: async (args, io) => {
    if (!args.file) {
      io.stderr.write('xload: start needs a scenario: xload -f scenario.xml start\n');
      return ExitCode.usage;
    }
    const badFlag = checkFlags([
      ...runFlagRows(args, [['duration', args.duration, 'positiveSeconds']]),
      ['processes', args.processes, 'threads'],
      ['max-lost-agents', args['max-lost-agents'], 'count'],
      ['max-clock-offset', args['max-clock-offset'], 'durationMs'],
      ['dashboard-refresh', args['dashboard-refresh'], 'positiveSeconds'],
      ['metrics-port', args['metrics-port'], 'listenPort'],
    ]);
    if (badFlag) {
      io.stderr.write(`xload: ${badFlag}\n`);
      return ExitCode.usage;
    }
    const compiled = compileFromArgs(args.file, args, io);
    if ('exitCode' in compiled) return compiled.exitCode;
    const plan = compiled.plan;
    const idle = refuseIdlePlan(plan, args.file, io, args.duration !== undefined ? args.duration * 1000 : undefined);
    if (idle !== undefined) return idle;
    const badStory = await refuseBadStories(plan, args.file, io);
    if (badStory !== undefined) return badStory;
    const badPath = checkRunPaths(args, io.cwd, [['--junit', args.junit]]);
    if (badPath) {
      io.stderr.write(`xload: ${badPath}\n`);
      return ExitCode.usage;
    }
    // Agents, tokens and child processes are checked before monitors open or a run folder exists.
    let cluster;
    let agentAuth;
    try {
      cluster = clusterFromArgs(args, plan, io.cwd);
      agentAuth = monitorAgentAuth(args, plan, io.cwd, cluster);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'usage') {
        io.stderr.write(`xload: ${err.message}\n`);
        return ExitCode.usage;
      }
      throw err;
    }

    // Monitors are opened before anything runs: an unreachable one stops here (exit 2).
    let monitorLog = (line: string) => io.stdout.write(`${line}\n`);
    let monitors;
    try {
      // Loaded only for a scenario with <monitoring>: a run without monitors does not carry
      // their modules (the SNMP client, the parsers) in its memory.
      if ((plan.monitors ?? []).length === 0) {
        monitors = { source: null, warnings: [] };
      } else {
        const { ServerMonitorsSource } = await import('../monitor/run-source.js');
        monitors = await ServerMonitorsSource.open(plan, {
          intervalMs: args.interval * 1000,
          optional: args['monitor-optional'] === true,
          log: (l) => monitorLog(l),
          ...(agentAuth ? { agentAuth } : {}),
        });
      }
    } catch (err) {
      if (!(err instanceof MonitorUnreachableError || err instanceof MonitorRefusedError)) throw err;
      io.stderr.write(`xload: ${err.message}${args['monitor-optional'] ? '' : ' (--monitor-optional runs without it)'}\n`);
      return ExitCode.usage;
    }
    const serverSource = monitors.source;

    const startedAt = new Date();
    const folder = chooseRunFolder({
      cwd: io.cwd,
      runId: makeRunId(startedAt),
      ...(args.out ? { out: args.out } : {}),
      ...(args['log-dir'] ? { logDir: args['log-dir'] } : {}),
    });
    const logPath = join(folder.dir, 'xload.log');
    const log = runLog((s) => io.stdout.write(s), logPath);
    monitorLog = log;
    for (const w of monitors.warnings) log(`warning: ${w}`);
    if (serverSource) log(`monitors: ${serverSource.ids.join(', ')}`);
    // The run folder keeps the scenario as it ran, passwords replaced (it is shared with reports).
    const copy = redactScenarioFile(readScenarioBytes(resolve(io.cwd, args.file)));
    const copyFailure = writeOrSay(join(folder.dir, basename(args.file).replace(/\.gz$/, '')), () => copy);
    if (copyFailure) log(`error: ${copyFailure}`);
    // Without --workers, as many as the plan's estimated stanza work needs, up to the cores,
    // and none for a small run: an isolate per core for a run that idles would only add its
    // memory and its ticks (worker-count.ts).
    const cores = availableParallelism();
    const chosen = args.workers === undefined ? defaultWorkers(plan, cores) : null;
    const workers = Math.floor(args.workers ?? chosen!.workers);
    const durationMs = args.duration !== undefined ? args.duration * 1000 : plan.load.durationMs;
    // Where the load runs (agents, processes, workers each) is the next line, once the nodes are open.
    log(`xload ${XLOAD_VERSION}: run ${folder.runId}, servers ${plan.servers.map((s) => `${s.host}:${s.port}`).join(', ')}`);

    if (chosen && chosen.workers < cores && cluster.localWeight > 0) {
      const where =
        chosen.workers === 0
          ? 'no worker thread (the load runs on the main thread)'
          : `${chosen.workers} worker thread${chosen.workers === 1 ? '' : 's'} of ${cores} cores`;
      log(`${where}: the plan's peak is ~${chosen.stanzasPerSecond} stanzas/s (--workers N to choose)`);
    }
    const warning = cluster.processes > 1 ? null : checkOpenFiles(plan);
    if (warning) log(`warning: ${warning}`);
    if (cluster.processes > 1) log(`the local share runs in ${cluster.processes} child processes (open-files limit)`);
    let extras: StartOutputs;
    try {
      extras = await StartOutputs.open(args, plan, args.file, folder.dir, io.cwd);
    } catch (err) {
      await serverSource?.close();
      if (!(err instanceof XloadError && err.code === 'usage')) throw err;
      io.stderr.write(`xload: ${err.message}\n`);
      return ExitCode.usage;
    }
    for (const line of extras.startLines()) log(line);
    let metrics: MetricsEndpointOutput | undefined;
    if (args['metrics-port'] !== undefined) {
      try {
        const { MetricsEndpointOutput } = await import('../output/metrics-endpoint.js');
        metrics = await MetricsEndpointOutput.open(args['metrics-host'], args['metrics-port']);
      } catch (err) {
        await serverSource?.close();
        io.stderr.write(`xload: --metrics-port ${args['metrics-port']}: ${err instanceof Error ? err.message : String(err)}\n`);
        return ExitCode.usage;
      }
      log(`metrics: ${metrics.url}`);
    }
    const run = runPlan(plan, {
      cluster,
      outputs: [...extras.runOutputs(), ...(metrics ? [metrics] : [])],
      ...(serverSource ? { sources: [serverSource] } : {}),
      runId: folder.runId,
      dir: folder.dir,
      workers,
      intervalMs: args.interval * 1000,
      ...(durationMs !== undefined ? { durationMs } : {}),
      requestTimeoutMs: args['request-timeout'] * 1000,
      progressEveryMs: args.progress > 0 ? args.progress * 1000 : Infinity,
      seed: args.seed ?? plan.options.seed ?? (Math.random() * 2 ** 32) >>> 0,
      xloadVersion: XLOAD_VERSION,
      log,
      // The signal's name reaches the handler so the run's reason can say SIGTERM, not Ctrl-C.
      ...(io.onSignal ? { onInterrupt: (h: (signal?: string) => void) => io.onSignal!((signal) => h(signal)) } : {}),
    });
    let result;
    try {
      result = await run;
    } catch (err) {
      // The run may have failed before its outputs closed the source (closing twice is safe).
      await serverSource?.close();
      await metrics?.end();
      if (!(err instanceof AgentError)) throw err;
      log(`error: ${err.message}`);
      return ExitCode.runFailed;
    }

    let outputs;
    try {
      outputs = await extras.finish(folder.dir, folder.runId);
    } catch (err) {
      // stats.ndjson could not be read back (never written: the disk was full from the start).
      if (!(err instanceof XloadError && (err.code === 'stats_missing' || err.code === 'stats_format'))) throw err;
      log(`error: ${err.message}; no summary.json or report.html for this run`);
      return result.status === 'aborted' ? ExitCode.aborted : ExitCode.runFailed;
    }
    for (const w of outputs.warnings) log(`warning: ${w}`);
    // A write that failed at the end is said; the run keeps its exit code (the summary is right).
    for (const f of outputs.writeFailures) log(`error: ${f} (xload report ${folder.dir} writes it again)`);
    for (const line of [...renderEndSummary(outputs.summary, result.reason), ...renderThresholdLines(outputs.summary)]) log(line);
    if (!outputs.writeFailures.some((f) => f.includes(outputs.htmlPath))) log(`report: ${outputs.htmlPath}`);
    return exitCodeFor(result.status, outputs.summary);
  },
});
