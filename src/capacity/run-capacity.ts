/**
 * `xload capacity` after its flags are checked: the searches (`--repeat`) and their capacity
 * section. The caller adds the history and writes the folder (report/capacity-folder.ts).
 */
import type { CapacitySearchRecord, CapacitySummary } from '../report/capacity-types.js';
import type { LevelContext } from './level-runner.js';
import { capacitySummary, type CapacityHead } from './result.js';
import { runSearch } from './search-run.js';
import type { SearchOptions } from './search-types.js';

export interface CapacityRunOptions {
  head: CapacityHead;
  search: SearchOptions;
  stepMs: number;
  confirmMs: number;
  repeat: number;
  interrupted: () => boolean;
}

export async function runCapacity(ctx: LevelContext, o: CapacityRunOptions): Promise<CapacitySummary> {
  const searches: CapacitySearchRecord[] = [];
  let index = 0;
  for (let i = 0; i < o.repeat && !(i > 0 && (o.interrupted() || ctx.resetFailed !== undefined)); i++) {
    if (o.repeat > 1) ctx.run.log(`capacity: search ${i + 1} of ${o.repeat}`);
    // Each search calibrates message-rate afresh at its own start level.
    delete ctx.messagesPerLevel;
    const s = await runSearch(ctx, {
      search: o.search,
      stepMs: o.stepMs,
      confirmMs: o.confirmMs,
      firstIndex: index,
      interrupted: o.interrupted,
    });
    index += s.levels.length;
    searches.push(s);
  }
  return capacitySummary(o.head, searches);
}
