import type { Argv } from 'yargs';
import type { CliIO } from './io.js';

/**
 * One CLI command: its yargs option table and a handler that returns the exit code.
 * Handlers never call process.exit; main() sets the code once everything is written.
 */
export interface XloadCommand<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  run: (args: A & GlobalArgs, io: CliIO) => Promise<number>;
}

/** Options every command accepts (Tsung's `-f FILE` comes before the command). */
export interface GlobalArgs {
  file?: string;
}

/** A command with its argument type erased, so commands of different shapes share a list. */
export interface AnyCommand {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<unknown>;
  run: (args: unknown, io: CliIO) => Promise<number>;
}

/** Typed at definition, erased for registration: the option table and handler cannot drift. */
export function defineCommand<A>(cmd: XloadCommand<A>): AnyCommand {
  return cmd as unknown as AnyCommand;
}
