import type { Argv } from 'yargs';
import { loadYargs, skipHelpCache } from './yargs-lazy.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import type { GlobalArgs } from './command.js';
import { commands } from './commands.js';
import { checkFlagShape } from './flag-shape.js';
import { XloadError } from '../errors.js';

/** Error codes main() answers with exit code usage: the user's input, said in one line. */
const USER_INPUT = new Set(['usage', 'not_a_file', 'file_too_large']);

/**
 * Parse argv and run one command. Returns the process exit code; never exits itself, so
 * tests can call it in-process with a fake CliIO.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = ExitCode.ok;
  const yargs = await loadYargs();
  let parser: Argv<GlobalArgs> = yargs(argv)
    .scriptName('xload')
    .usage('$0 [-f scenario.xml] <command> [options]')
    .option('file', {
      alias: 'f',
      type: 'string',
      describe: 'scenario file (Tsung XML format)',
      global: true,
    })
    .strict()
    .demandCommand(1, 'name a command: check, start, report, compare')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    // Never let yargs end the process: main() returns the exit code (tests call it in-process).
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      // Throwing stops yargs here: a usage error must never fall through to a command.
      throw err ?? new XloadError('usage', `${msg} (try \`xload --help\`)`);
    });

  for (const cmd of commands) {
    parser = parser.command(
      cmd.command,
      cmd.describe,
      // Every command's flags are checked against its own table: twice, no value, --no-X (flag-shape.ts).
      (y) => checkFlagShape(cmd.builder(y), argv),
      async (args) => {
        code = await cmd.run(args, io);
      },
    );
  }

  skipHelpCache(parser);
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof XloadError) {
      io.stderr.write(`xload: ${err.message}\n`);
      // A path that is not a file, or a file over its limit, is the user's input.
      return USER_INPUT.has(err.code) ? ExitCode.usage : ExitCode.internal;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr.write(`xload: bug in xload (please report it): ${e.stack ?? e.message}\n`);
    return ExitCode.internal;
  }
  return code;
}
