import type { Argv } from 'yargs';
import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import {
  compileScenario,
  formatDiagnostic,
  OverrideError,
  parseAssignments,
  parseServerOverride,
  renderPlanSummary,
  type Diagnostic,
  type Plan,
  type ScenarioOverrides,
} from '../scenario/index.js';
import { idlePlan } from '../scenario/startable.js';
import { redactSecrets } from '../scenario/redact.js';

/** Command-line overrides shared by `check` and `start`. */
export interface OverrideArgs {
  server?: string[];
  option?: string[];
  'file-server'?: string[];
}

/** Adds --server, --option and --file-server to a command (for `start` too). */
export function withOverrideOptions<T>(y: Argv<T>): Argv<T & OverrideArgs> {
  return y
    .option('server', { type: 'string', array: true, describe: 'replace <servers>: HOST:PORT[:TYPE] (repeatable)' })
    .option('option', { type: 'string', array: true, describe: 'set an <option>: NAME=VALUE, e.g. domain=localhost (repeatable)' })
    .option('file-server', { type: 'string', array: true, describe: 'point a file_server at a file: ID=PATH (repeatable)' });
}

/** Builds ScenarioOverrides from those flags; throws OverrideError (code "usage") when malformed. */
export function overridesFromArgs(args: OverrideArgs): ScenarioOverrides {
  const ov: ScenarioOverrides = {};
  if (args.server?.length) ov.servers = args.server.map(parseServerOverride);
  if (args.option?.length) ov.options = parseAssignments('--option', args.option);
  if (args['file-server']?.length) ov.fileServers = parseAssignments('--file-server', args['file-server']);
  return ov;
}

/** Writes diagnostics one per line, `FILE:LINE:COL: what; what to write instead` (also used by `start`). */
export function writeDiagnostics(io: Pick<CliIO, 'stderr'>, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) io.stderr.write(`xload: ${errors} error${errors === 1 ? '' : 's'} in the scenario\n`);
}

/**
 * Compiles FILE with the command line's overrides, printing every diagnostic. Returns the
 * plan, or the exit code when a flag is malformed (usage) or the scenario has errors.
 */
export function compileFromArgs(
  file: string,
  args: OverrideArgs,
  io: Pick<CliIO, 'stderr' | 'cwd'>,
): { plan: Plan } | { exitCode: number } {
  let overrides: ScenarioOverrides;
  try {
    overrides = overridesFromArgs(args);
  } catch (err) {
    if (err instanceof OverrideError) {
      io.stderr.write(`xload: ${err.message}\n`);
      return { exitCode: ExitCode.usage };
    }
    throw err;
  }
  const result = compileScenario(file, overrides, io.cwd);
  writeDiagnostics(io, result.diagnostics);
  return result.ok ? { plan: result.plan } : { exitCode: ExitCode.invalidScenario };
}

/**
 * Refuses a plan that can start no user (with `start`'s --duration cap): it would "complete"
 * having sent nothing. Prints the reason as a diagnostic; returns the exit code, or undefined.
 */
export function refuseIdlePlan(plan: Plan, file: string, io: Pick<CliIO, 'stderr'>, durationCapMs?: number): number | undefined {
  const idle = idlePlan(plan, durationCapMs);
  if (!idle) return undefined;
  writeDiagnostics(io, [
    { file, line: idle.pos?.line ?? 0, col: idle.pos?.col ?? 0, severity: 'error', message: idle.message, hint: idle.hint },
  ]);
  return ExitCode.invalidScenario;
}

interface CheckArgs extends OverrideArgs {
  json?: boolean;
}

export const checkCommand = defineCommand<CheckArgs>({
  command: 'check',
  describe: 'parse, validate and compile the scenario (-f FILE); print a plan summary',
  builder: (y) =>
    withOverrideOptions(
      y.option('json', { type: 'boolean', default: false, describe: 'print the compiled plan as JSON instead of the summary' }),
    ).example('$0 -f jabber.xml check', 'summary of the plan, or every error with FILE:LINE:COL') as Argv<CheckArgs>,
  run: async (args, io) => {
    if (!args.file) {
      io.stderr.write('xload: check needs the scenario: xload -f FILE check\n');
      return ExitCode.usage;
    }
    const compiled = compileFromArgs(args.file, args, io);
    if ('exitCode' in compiled) return compiled.exitCode;
    const idle = refuseIdlePlan(compiled.plan, args.file, io);
    if (idle !== undefined) return idle;
    const { refuseBadStories } = await import('./story-modules.js');
    const badStory = await refuseBadStories(compiled.plan, args.file, io);
    if (badStory !== undefined) return badStory;
    // Passwords never reach check's output: a plan printed in CI logs would leak them.
    io.stdout.write(args.json ? `${JSON.stringify(redactSecrets(compiled.plan), null, 2)}\n` : renderPlanSummary(compiled.plan));
    return ExitCode.ok;
  },
});
