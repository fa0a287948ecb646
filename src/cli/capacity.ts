import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand } from './command.js';
import { checkAppendFolder, OutputPathError, runLog } from './output-paths.js';
import { writeOrSay } from '../report/write-run.js';
import { checkRunPaths, runFlagRows, runOptions, type RunArgs } from './run-options.js';
import { ExitCode } from './exit-codes.js';
import { compileFromArgs, withOverrideOptions, type OverrideArgs } from './check.js';
import { clusterFromArgs, clusterOptions, type ClusterArgs } from './cluster-flags.js';
import { checkFlags } from '../ranges.js';
import { XloadError } from '../errors.js';
import { redactScenarioFile } from '../scenario/redact.js';
import { readScenarioBytes } from '../scenario/source.js';
import { chooseRunFolder, makeRunId } from '../engine/coordinator/run-folder.js';
import { XLOAD_VERSION } from '../version.js';
import { AgentError } from '../agent/errors.js';
import { AXIS_UNIT, baseLevel, checkAxis, UnscalableAxisError } from '../capacity/scale.js';
import { levelFlagProblem, parseAxis, parseFraction, parseSlos } from '../capacity/flags.js';
import { runCapacity } from '../capacity/run-capacity.js';
import { renderCapacity } from '../capacity/result.js';
import { exitCodeForCapacity } from '../capacity/exit.js';
import { HISTORY_FILE, historyReport, recordHistory } from '../capacity/history-file.js';
import { writeCapacityFolder } from '../report/capacity-folder.js';
import { probeServerVersion } from '../capacity/server-version-probe.js';
import { Cooldown } from '../capacity/cooldown.js';

interface CapacityArgs extends ClusterArgs, OverrideArgs, RunArgs {
  file?: string;
  slo: string[];
  axis: string;
  start?: number;
  resolution: string;
  growth: number;
  'max-level'?: number;
  'max-levels': number;
  'step-seconds': number;
  'confirm-seconds': number;
  'cooldown-seconds': number;
  'cooldown-max-seconds': number;
  'between-levels'?: string;
  'between-levels-timeout': number;
  repeat: number;
  trials: number;
  history?: string;
  'max-drop': string;
}

/** `xload -f scenario.xml capacity --slo EXPR ...`: search the highest load the servers hold under the SLOs (issue 15). */
export const capacityCommand = defineCommand<CapacityArgs>({
  command: 'capacity',
  describe: 'search the highest load (arrival rate, users or message rate) the servers hold under --slo expressions',
  builder: (y) =>
    runOptions(clusterOptions(withOverrideOptions(y)), 0)
      .option('slo', {
        type: 'string',
        array: true,
        default: [],
        describe: 'a threshold every level must pass, e.g. "p99(xmpp_msg_latency) < 200ms" (repeatable)',
      })
      .option('axis', {
        type: 'string',
        default: 'arrival-rate',
        describe: 'what to scale: arrival-rate (users/s), users (concurrent), message-rate (× chat rate)',
      })
      .option('start', { type: 'number', describe: "a level known to pass (default: the scenario's own)" })
      .option('resolution', { type: 'string', default: '5%', describe: 'stop bisecting when the bounds are this close' })
      .option('growth', { type: 'number', default: 2, describe: 'factor of the exponential phase' })
      .option('max-level', { type: 'number', describe: 'never try above this level' })
      .option('max-levels', { type: 'number', default: 20, describe: 'at most this many levels per search' })
      .option('step-seconds', { type: 'number', default: 30, describe: 'how long each level is held' })
      .option('confirm-seconds', { type: 'number', default: 60, describe: 'the final hold at the found level (0: none)' })
      .option('cooldown-seconds', { type: 'number', default: 5, describe: 'pause after each level, sessions closed' })
      .option('cooldown-max-seconds', {
        type: 'number',
        default: 60,
        describe: "with <monitoring>: wait after each level until the servers' CPU is back near idle, at most this long",
      })
      .option('between-levels', {
        type: 'string',
        describe:
          "run CMD (sh -c, XLOAD_CAPACITY_LEVEL set) after each level drained, e.g. to purge the server's offline store; a failure ends the search",
      })
      .option('between-levels-timeout', { type: 'number', default: 120, describe: 'seconds --between-levels may take' })
      .option('repeat', { type: 'number', default: 1, describe: 'run the search N times; report the median and spread' })
      .option('trials', {
        type: 'number',
        default: 1,
        describe: 'hold each expand and bisect level N times; it passes only if every hold does (for a server that flips near its knee)',
      })
      .option('history', { type: 'string', describe: 'append the result to DIR/capacity-history.jsonl; exit 97 on a drop' })
      .option('max-drop', {
        type: 'string',
        default: '10%',
        describe: 'with --history: the drop against the median of the last 7 good runs that fails',
      }) as Argv<CapacityArgs>,
  run: async (args, io) => {
    const usage = (msg: string) => {
      io.stderr.write(`xload: ${msg}\n`);
      return ExitCode.usage;
    };
    if (!args.file) return usage('capacity needs a scenario: xload -f scenario.xml capacity --slo EXPR');
    const badFlag = checkFlags([
      ...runFlagRows(args),
      ['step-seconds', args['step-seconds'], 'positiveSeconds'],
      ['confirm-seconds', args['confirm-seconds'], 'seconds'],
      ['cooldown-seconds', args['cooldown-seconds'], 'seconds'],
      ['cooldown-max-seconds', args['cooldown-max-seconds'], 'seconds'],
      ['repeat', args.repeat, 'threads'],
      ['trials', args.trials, 'threads'],
      ['between-levels-timeout', args['between-levels-timeout'], 'positiveSeconds'],
      ['max-levels', args['max-levels'], 'threads'],
      ['growth', args.growth, 'growthFactor'],
      ['processes', args.processes, 'threads'],
      ['max-lost-agents', args['max-lost-agents'], 'count'],
      ['max-clock-offset', args['max-clock-offset'], 'durationMs'],
    ]);
    if (badFlag) return usage(badFlag);
    let parsed;
    try {
      parsed = {
        axis: parseAxis(args.axis),
        slos: parseSlos(args.slo),
        resolution: parseFraction('resolution', args.resolution),
        maxDrop: parseFraction('max-drop', args['max-drop']),
      };
      const badLevel = levelFlagProblem(parsed.axis, { start: args.start, maxLevel: args['max-level'] });
      if (badLevel) return usage(badLevel);
    } catch (err) {
      if (err instanceof XloadError && err.code === 'usage') return usage(err.message);
      throw err;
    }
    const compiled = compileFromArgs(args.file, args, io);
    if ('exitCode' in compiled) return compiled.exitCode;
    const plan = compiled.plan;
    try {
      checkAxis(plan, parsed.axis);
    } catch (err) {
      if (!(err instanceof UnscalableAxisError)) throw err;
      io.stderr.write(`xload: ${args.file}: ${err.message}\n`);
      return ExitCode.invalidScenario;
    }
    let cluster;
    try {
      cluster = clusterFromArgs(args, plan, io.cwd);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'usage') return usage(err.message);
      throw err;
    }
    const badPath = checkRunPaths(args, io.cwd);
    if (badPath) return usage(badPath);
    if (args.history !== undefined) {
      // Now, not after an hour of search: the entry is appended at the end.
      try {
        checkAppendFolder('--history', args.history, HISTORY_FILE, io.cwd);
      } catch (err) {
        if (err instanceof OutputPathError) return usage(err.message);
        throw err;
      }
    }

    const folder = chooseRunFolder({
      cwd: io.cwd,
      runId: makeRunId(new Date()),
      ...(args.out ? { out: args.out } : {}),
      ...(args['log-dir'] ? { logDir: args['log-dir'] } : {}),
    });
    const logPath = join(folder.dir, 'xload.log');
    const log = runLog((s) => io.stdout.write(s), logPath);
    const scenarioText = readScenarioBytes(resolve(io.cwd, args.file));
    const copyFailure = writeOrSay(join(folder.dir, basename(args.file).replace(/\.gz$/, '')), () => redactScenarioFile(scenarioText));
    if (copyFailure) log(`error: ${copyFailure}`);
    const start = args.start ?? baseLevel(plan, parsed.axis);
    const integer = parsed.axis === 'users';
    log(
      `xload ${XLOAD_VERSION}: capacity ${folder.runId}, axis ${parsed.axis} from ${start} ${AXIS_UNIT[parsed.axis]}, resolution ${Math.round(parsed.resolution * 1000) / 10}%, steps ${args['step-seconds']} s`,
    );

    let interrupted = false;
    // The idle CPU first, before the probe's login touches the server. Loaded only with
    // <monitoring>, as `start` does: the monitors' modules (SNMP, parsers) stay out otherwise.
    const cpu =
      (plan.monitors ?? []).length === 0 ? null : await (await import('../capacity/cooldown-monitors.js')).openCooldownMonitors(plan, log);
    const cooldownMaxS = Math.max(args['cooldown-seconds'], args['cooldown-max-seconds']);
    const cooldown = new Cooldown({
      minMs: args['cooldown-seconds'] * 1000,
      maxMs: cooldownMaxS * 1000,
      ...(cpu ? { monitors: cpu } : {}),
      interrupted: () => interrupted,
    });
    // Once before the search, while the server is idle: the history line says what ran.
    const probe = await probeServerVersion(plan);
    if (probe.version !== null) log(`server: ${probe.version}`);
    else log(`warning: ${probe.warning}`);

    const unsubscribe = io.onSignal?.(() => {
      interrupted = true;
    });
    let capacity;
    try {
      capacity = await runCapacity(
        {
          plan,
          axis: parsed.axis,
          slos: parsed.slos,
          dir: folder.dir,
          runId: folder.runId,
          cooldown,
          ...(args['between-levels']
            ? { reset: { command: args['between-levels'], timeoutMs: args['between-levels-timeout'] * 1000 } }
            : {}),
          run: {
            cluster,
            workers: Math.floor(args.workers ?? availableParallelism()),
            intervalMs: args.interval * 1000,
            requestTimeoutMs: args['request-timeout'] * 1000,
            progressEveryMs: args.progress > 0 ? args.progress * 1000 : Infinity,
            seed: args.seed ?? plan.options.seed ?? (Math.random() * 2 ** 32) >>> 0,
            xloadVersion: XLOAD_VERSION,
            // Progress lines of the levels go to xload.log only: the search's own lines are the console's.
            log: (line) =>
              line.startsWith('capacity:') || line.startsWith('warning') || line.startsWith('error') ? log(line) : log.fileOnly(line),
            ...(io.onSignal ? { onInterrupt: (h: (signal?: string) => void) => io.onSignal!((signal) => h(signal)) } : {}),
          },
        },
        {
          head: {
            axis: parsed.axis,
            unit: AXIS_UNIT[parsed.axis],
            slos: parsed.slos.map((s) => s.expr.source),
            server_version: probe.version,
            options: {
              start,
              resolution: parsed.resolution,
              growth: args.growth,
              step_s: args['step-seconds'],
              confirm_s: args['confirm-seconds'],
              cooldown_s: args['cooldown-seconds'],
              ...(cpu ? { cooldown_max_s: cooldownMaxS } : {}),
              repeat: args.repeat,
              trials: args.trials,
            },
          },
          search: {
            start,
            resolution: parsed.resolution,
            growth: args.growth,
            confirmSeconds: args['confirm-seconds'],
            maxConfirmations: 2,
            maxLevels: args['max-levels'],
            trials: args.trials,
            integer,
            ...(args['max-level'] !== undefined ? { maxLevel: args['max-level'] } : {}),
          },
          stepMs: args['step-seconds'] * 1000,
          confirmMs: args['confirm-seconds'] * 1000,
          repeat: args.repeat,
          interrupted: () => interrupted,
        },
      );
    } catch (err) {
      if (!(err instanceof AgentError)) throw err;
      log(`error: ${err.message}`);
      return ExitCode.runFailed;
    } finally {
      unsubscribe?.();
      await cpu?.close();
    }
    // Before the folder is written: its report.html draws this run among the past ones. A
    // history that cannot be read or written now is said; the search keeps its exit code.
    const history = args.history
      ? recordHistory(resolve(io.cwd, args.history), capacity, {
          scenario: scenarioText,
          xloadVersion: XLOAD_VERSION,
          maxDrop: parsed.maxDrop,
          date: new Date(),
        })
      : undefined;
    if (history?.ok) capacity.history = history.trend;
    for (const failure of writeCapacityFolder(folder.dir, capacity)) log(`error: ${failure}`);
    for (const line of renderCapacity(capacity)) log(line);
    log(`report: ${join(folder.dir, 'report.html')}`);
    const said = history ? historyReport(history) : { lines: [], dropped: false };
    for (const line of said.lines) log(line);
    return exitCodeForCapacity(capacity, said.dropped);
  },
});
