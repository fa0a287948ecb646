/**
 * The shape of the flags on the command line, checked against the command's own yargs option
 * table before yargs' validation and before the command runs (issue 13). yargs turns a
 * single-valued flag given twice into an array (a stack trace further on), drops a numeric
 * flag given no value (`--duration` last: the run then has no cap), gives '' for a string
 * flag with no value, and reads `--no-duration` as 0. Each of these is a mistake in the
 * command line, said in one line naming the flag (exit 2). The table is yargs' own, so a new
 * option is covered as soon as it is declared.
 */
import type { Argv } from 'yargs';
import { XloadError } from '../errors.js';

/** The parts of yargs' `getOptions()` read here. */
export interface OptionTable {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  boolean: string[];
  array: string[];
  count: string[];
  number: string[];
}

/** A command line whose flags do not fit the option table; `code` usage, exit 2. */
export class FlagShapeError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** How an option takes values: a switch (boolean or count), a list (`array: true`), or one value. */
type Shape = 'switch' | 'list' | 'single';

interface Option {
  /** The name messages use: its longest spelling (`log-dir`, not `l`). */
  name: string;
  shape: Shape;
  numeric: boolean;
}

/** What yargs-parser takes for a negative number, so `--seed -1` is a value, not a flag. */
const NEGATIVE = /^-([0-9]+(\.[0-9]+)?|\.[0-9]+)$/;

function optionsOf(table: OptionTable): Map<string, Option> {
  const byName = new Map<string, Option>();
  const has = (list: readonly string[], names: readonly string[]) => names.some((n) => list.includes(n));
  for (const key of Object.keys(table.key)) {
    if (byName.has(key)) continue;
    const names = [key, ...(table.alias[key] ?? [])];
    for (const [k, aliases] of Object.entries(table.alias)) if (aliases.includes(key) && !names.includes(k)) names.push(k, ...aliases);
    const spellings = [...new Set(names)];
    const name = spellings.reduce((a, b) => (b.length > a.length ? b : a));
    const shape: Shape =
      has(table.boolean, spellings) || has(table.count, spellings) ? 'switch' : has(table.array, spellings) ? 'list' : 'single';
    const option = { name, shape, numeric: has(table.number, spellings) };
    for (const n of spellings) byName.set(n, option);
  }
  return byName;
}

/** `requestTimeout` as yargs reads it: `request-timeout`. */
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const takesValue = (next: string | undefined): next is string => next !== undefined && (!next.startsWith('-') || NEGATIVE.test(next));

/**
 * The first problem with the flags of `tokens` (the command line after the program's name),
 * or undefined: a single-valued flag given more than once, a flag that takes values given
 * none (or an empty one), `--no-X` for an X that is not a switch. Switches may repeat, lists
 * (`array: true`) may repeat; flags the table does not know are left to yargs' strict mode.
 * `parsed` (yargs' result, when there is one) catches a flag given twice in a spelling the
 * scan does not read.
 */
export function flagShapeProblem(
  tokens: readonly string[],
  table: OptionTable,
  parsed: Readonly<Record<string, unknown>> = {},
): string | undefined {
  const options = optionsOf(table);
  const lookup = (raw: string) => options.get(raw) ?? options.get(kebab(raw));
  const given = new Map<Option, number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') break;
    const m = /^--([^=]+)(?:=([\s\S]*))?$/.exec(token) ?? /^-([^-=])(?:=([\s\S]*))?$/.exec(token);
    // Positionals, values and short-flag groups (`-xyz`, which yargs reads letter by letter).
    if (!m || NEGATIVE.test(token)) continue;
    const raw = m[1]!;
    const inline = m[2];
    const option = lookup(raw);
    if (!option && token.startsWith('--no-') && inline === undefined) {
      const negated = lookup(raw.slice(3));
      if (negated && negated.shape !== 'switch')
        return `--${raw}: --${negated.name} takes a value, it is not a switch to turn off; give --${negated.name} VALUE or leave it out`;
      continue;
    }
    if (!option) continue;
    if (option.shape === 'switch') {
      if (inline === undefined && /^(true|false)$/.test(tokens[i + 1] ?? '')) i++;
      continue;
    }
    const values: string[] = [];
    if (inline !== undefined) values.push(inline);
    if (option.shape === 'list') while (takesValue(tokens[i + 1])) values.push(tokens[++i]!);
    else if (inline === undefined && takesValue(tokens[i + 1])) values.push(tokens[++i]!);
    if (values.length === 0 || values.some((v) => v.trim() === ''))
      return `--${option.name}: needs ${option.numeric ? 'a number' : 'a value'} (--${option.name} ${option.numeric ? 'N' : 'VALUE'})`;
    if (option.shape === 'single') {
      const n = (given.get(option) ?? 0) + 1;
      given.set(option, n);
      if (n > 1) return `--${option.name}: given more than once`;
    }
  }
  // Spellings the scan leaves to yargs (`-l20 -l30`) still reach the command as an array.
  for (const [key, value] of Object.entries(parsed)) {
    const option = options.get(key);
    if (option?.shape === 'single' && Array.isArray(value)) return `--${option.name}: given more than once`;
  }
  return undefined;
}

/**
 * Adds the check to a command's parser. It runs before yargs' validation, so `--count` with no
 * value says so rather than "Missing required argument".
 */
export function checkFlagShape<T>(y: Argv<T>, tokens: readonly string[]): Argv<T> {
  // The parser a builder gets is the one that parses: by the time this runs, it holds the
  // command's whole table (its own options and the global ones).
  const table = () => (y as unknown as { getOptions(): OptionTable }).getOptions();
  return y.middleware((args) => {
    const problem = flagShapeProblem(tokens, table(), args);
    if (problem) throw new FlagShapeError(problem);
  }, true);
}
