/** Parsing of attribute values, shared by validation (which reports) and compilation (which trusts). */

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;

/** A decimal number, surrounding blanks ignored (Tsung's examples write `value="2  "`). */
export function parseNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (!NUMBER_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function parseInteger(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (!INT_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseBool(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

export type TimeUnit = 'hour' | 'minute' | 'second' | 'millisecond';

const UNIT_MS: Record<TimeUnit, number> = { hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1 };

/** Tsung's to_milliseconds/2: a value in `unit` as milliseconds. */
export function toMs(value: number, unit: string | undefined): number {
  return value * (UNIT_MS[(unit?.trim() ?? 'second') as TimeUnit] ?? 1000);
}

/** A whole attribute value that is one `%%_name%%` substitution, e.g. a dynamic thinktime. */
export function wholeVar(s: string): string | undefined {
  const m = /^\s*%%_([A-Za-z0-9_.:-]+)%%\s*$/.exec(s);
  return m ? m[1] : undefined;
}

/** Names of the `%%_name%%` holes in a string, in order. */
export function varsIn(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/%%_([^%\s]+?)%%/g)) if (m[1]) out.push(m[1]);
  return out;
}

/** `%%module:function%%` calls Erlang code in Tsung; xload cannot. */
export function erlangCallsIn(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/%%([A-Za-z][\w]*:[\w]+)%%/g)) if (m[1]) out.push(m[1]);
  return out;
}
