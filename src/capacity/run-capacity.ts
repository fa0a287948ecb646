/**
 * `xload capacity` after its flags are checked: the searches (`--repeat`), then the capacity
 * run folder's summary.json (the best level's summary plus `capacity`) and report.html.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapacitySearchRecord, CapacitySummary } from '../report/capacity-types.js';
import type { Summary } from '../report/summary-types.js';
import type { LevelContext } from './level-runner.js';
import { capacitySummary, type CapacityHead } from './result.js';
import { runSearch } from './search-run.js';
import type { SearchOptions } from './search-types.js';
import { renderCapacityHtml } from '../report/capacity-html.js';

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
  for (let i = 0; i < o.repeat && !(i > 0 && o.interrupted()); i++) {
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
  const capacity = capacitySummary(o.head, searches);
  writeCapacityFolder(ctx.dir, capacity);
  return capacity;
}

/**
 * summary.json of the capacity folder: a normal run summary (that of the highest passing
 * level, else the last level) with `capacity` added, so readers of summary.json keep working.
 */
function writeCapacityFolder(dir: string, capacity: CapacitySummary): void {
  const levels = capacity.searches.flatMap((s) => s.levels);
  const best =
    [...levels].filter((l) => l.outcome === 'pass' && l.level === capacity.highest_pass).sort((a, b) => b.hold_s - a.hold_s)[0] ??
    [...levels].filter((l) => l.outcome === 'pass').sort((a, b) => b.level - a.level)[0] ??
    levels.at(-1);
  const from = best ? join(dir, best.dir, 'summary.json') : undefined;
  const base = from && existsSync(from) ? (JSON.parse(readFileSync(from, 'utf8')) as Summary) : undefined;
  const summary = base ? { ...base, capacity } : { capacity };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(dir, 'report.html'), renderCapacityHtml(capacity, best?.dir));
}
