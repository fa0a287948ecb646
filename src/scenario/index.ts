import { dirname, resolve } from 'node:path';
import { compilePlan } from './compile.js';
import { DiagnosticBag, ScenarioError, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { applyOverrides, type ScenarioOverrides } from './overrides.js';
import { parseScenarioXml } from './parse.js';
import type { Plan } from './plan.js';
import { readScenarioSource } from './source.js';
import { validateScenario } from './validate.js';

export type CompileResult =
  /** `diagnostics` holds warnings only. */
  | { ok: true; plan: Plan; diagnostics: Diagnostic[] }
  /** At least one error; every problem found, sorted by position. */
  | { ok: false; diagnostics: Diagnostic[] };

export interface CompileTextOptions {
  /** Name used in diagnostics and recorded (resolved) in the plan; default "<string>". */
  file?: string;
  /** Folder relative file_server paths are resolved against; default: the file's folder, else cwd. */
  baseDir?: string;
  /** Folder relative override paths are resolved against; default process.cwd(). */
  cwd?: string;
  overrides?: ScenarioOverrides;
}

/**
 * Reads, parses, validates and compiles a Tsung scenario (`.xml` or `.xml.gz`).
 * Never throws for bad input: problems come back as diagnostics.
 */
export function compileScenario(path: string, overrides?: ScenarioOverrides, cwd = process.cwd()): CompileResult {
  const bag = new DiagnosticBag(path);
  const text = readScenarioSource(resolve(cwd, path), bag);
  if (text === undefined) return { ok: false, diagnostics: bag.items };
  return compileScenarioText(text, { file: path, cwd, overrides });
}

/** The same from a string (tests, stdin). */
export function compileScenarioText(text: string, opts: CompileTextOptions = {}): CompileResult {
  const cwd = opts.cwd ?? process.cwd();
  const file = opts.file ?? '<string>';
  const absolute = opts.file ? resolve(cwd, opts.file) : '<string>';
  const baseDir = opts.baseDir ?? (opts.file ? dirname(absolute) : cwd);
  const bag = new DiagnosticBag(file);
  const parsed = parseScenarioXml(text, bag);
  if (!parsed) return { ok: false, diagnostics: sortDiagnostics(bag.items) };
  const ov = opts.overrides ?? {};
  const root = applyOverrides(parsed, ov, cwd);
  const serversOverridden = (ov.servers?.length ?? 0) > 0;
  const diagnostics = sortDiagnostics([...bag.items, ...validateScenario(root, file, { baseDir, serversOverridden })]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const plan = compilePlan(root, { scenario: absolute, baseDir, servers: serversOverridden ? ov.servers : undefined });
  return { ok: true, plan, diagnostics };
}

/** For callers that need a plan or nothing (e.g. `start`): throws ScenarioError with every diagnostic. */
export function loadPlan(path: string, overrides?: ScenarioOverrides, cwd?: string): { plan: Plan; warnings: Diagnostic[] } {
  const r = compileScenario(path, overrides, cwd);
  if (!r.ok) throw new ScenarioError(r.diagnostics);
  return { plan: r.plan, warnings: r.diagnostics };
}

export { formatDiagnostic, ScenarioError, type Diagnostic } from './diagnostics.js';
export { parseServerOverride, parseAssignments, OverrideError, type ScenarioOverrides } from './overrides.js';
export { renderPlanSummary } from './summary.js';
export type { Plan } from './plan.js';
export { JABBER_TYPES, JABBER_TYPE_NAMES } from './jabber-types.js';
export { EXTENSIONS } from './extensions.js';
