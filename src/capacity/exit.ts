import { ExitCode } from '../cli/exit-codes.js';
import type { CapacitySummary } from '../report/capacity-types.js';

/**
 * found / max-level: 0; interrupted: 5 (aborted); a search with no capacity figure
 * (start-failed, generator-limited, unconfirmed, level-budget): 4; a nightly drop beyond
 * --max-drop: 97 (it wins: the nightly job gates on it).
 */
export function exitCodeForCapacity(c: CapacitySummary, dropped: boolean): number {
  if (dropped) return ExitCode.capacityDropped;
  if (c.verdict === 'found' || c.verdict === 'max-level') return ExitCode.ok;
  if (c.verdict === 'interrupted') return ExitCode.aborted;
  return ExitCode.runFailed;
}
