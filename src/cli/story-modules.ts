import type { CliIO } from './io.js';
import { ExitCode } from './exit-codes.js';
import { writeDiagnostics } from './check.js';
import { storyOps } from '../scenario/compile.js';
import type { Plan } from '../scenario/plan.js';
import type { Diagnostic } from '../scenario/diagnostics.js';

/**
 * Imports every `<story>` module once in this process before the run: a module that does
 * not load or exports no story is one line with the scenario's position, exit 3, instead
 * of every session of the run failing with story_load in the workers.
 */
export async function refuseBadStories(plan: Plan, file: string, io: Pick<CliIO, 'stderr'>): Promise<number | undefined> {
  const ops = storyOps(plan);
  if (ops.length === 0) return undefined;
  const { loadStory } = await import('../engine/vm/story-run.js');
  const diagnostics: Diagnostic[] = [];
  for (const op of ops) {
    try {
      await loadStory(op);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      diagnostics.push({ file, line: op.pos.line, col: op.pos.col, severity: 'error', message: `<story>: ${message}`, hint: '' });
    }
  }
  if (diagnostics.length === 0) return undefined;
  writeDiagnostics(io, diagnostics);
  return ExitCode.invalidScenario;
}
