import type { XmlElement } from './ast.js';
import { buildContext } from './context.js';
import { DiagnosticBag, type Diagnostic } from './diagnostics.js';
import { validateLoad } from './validate-load.js';
import { validateOptions } from './validate-options.js';
import { validateSessions } from './validate-sessions.js';
import { validateRunOnce } from './validate-run-once.js';
import { validateStructure } from './validate-structure.js';
import { validateVars } from './validate-vars.js';
import { validateThresholds } from './thresholds.js';
import { validateMonitoring } from './monitoring.js';
import { validateExpects } from './validate-expect.js';

export interface ValidateOptions {
  /** Folder that relative file_server paths are resolved against. */
  baseDir: string;
  /** Servers come from overrides: `<servers>` may be absent. */
  serversOverridden?: boolean;
}

/**
 * Every problem in a parsed scenario, errors and warnings, in one pass per concern.
 * Never throws on bad input and never changes the tree (STYLE.md habit 4).
 */
export function validateScenario(root: XmlElement, file: string, opts: ValidateOptions): Diagnostic[] {
  const bag = new DiagnosticBag(file);
  validateStructure(root, bag);
  if (root.name !== 'tsung') return bag.items;
  const ctx = buildContext(root, bag, opts.baseDir, opts.serversOverridden ?? false);
  validateLoad(root, ctx);
  validateOptions(root, ctx);
  validateSessions(root, ctx);
  validateRunOnce(root, ctx);
  validateVars(root, ctx);
  validateThresholds(root, ctx);
  validateMonitoring(root, ctx);
  validateExpects(root, ctx);
  return bag.items;
}
