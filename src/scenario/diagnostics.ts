import { XloadError } from '../errors.js';

/**
 * One problem found in a scenario, with where it is and what to write instead.
 * Formatted as `FILE:LINE:COL: message; hint` (one line, the format compilers use, so
 * editors and CI annotators can jump to it).
 */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem is about the whole file (e.g. it cannot be read). */
  line: number;
  /** 1-based; 0 when unknown. */
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** What to write instead; may be empty when there is nothing better to say. */
  hint: string;
}

/** `FILE:LINE:COL: what is wrong; what to write instead`, on one line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${Math.max(d.col, 1)}` : d.file;
  const kind = d.severity === 'warning' ? 'warning: ' : '';
  const text = d.hint ? `${d.message}; ${d.hint}` : d.message;
  // Keep it one line whatever the scenario contained (values are quoted into messages).
  return `${where}: ${kind}${text}`.replace(/[\r\n]+/g, ' ');
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Diagnostics sorted by position, errors and warnings interleaved, as they occur in the file. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * Collects diagnostics for one file; the only way scenario code reports problems, so
 * validation never throws on bad input and always reports every problem.
 */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  constructor(readonly file: string) {}

  error(at: { line: number; col: number } | undefined, message: string, hint = ''): void {
    this.items.push({ file: this.file, line: at?.line ?? 0, col: at?.col ?? 0, severity: 'error', message, hint });
  }

  warning(at: { line: number; col: number } | undefined, message: string, hint = ''): void {
    this.items.push({ file: this.file, line: at?.line ?? 0, col: at?.col ?? 0, severity: 'warning', message, hint });
  }

  get hasErrors(): boolean {
    return hasErrors(this.items);
  }
}

/** Thrown by APIs that must return a plan (e.g. `start`): carries every diagnostic. */
export class ScenarioError extends XloadError {
  constructor(readonly diagnostics: Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    super('invalid_scenario', first ? formatDiagnostic(first) : 'invalid scenario');
  }
}
