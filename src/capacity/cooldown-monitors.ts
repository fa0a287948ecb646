/**
 * The scenario's `<monitoring>` as the cooldown's CPU readings: its own MonitorSet on the
 * coordinator (each level's run has none: it closes its sources when it ends), opened once
 * before the first level, the idle CPU measured then, closed after the search. A monitor
 * that cannot be reached is left out with a warning: the cooldown is a courtesy to the
 * measurement, never a reason not to search.
 */
import type { Plan } from '../scenario/plan.js';
import { reasonOf } from '../monitor/errors.js';
import { MonitorSet } from '../monitor/monitor-set.js';
import { measureIdle, REAL_CLOCK, settleLimit, type CooldownClock, type CpuReading } from './cooldown.js';

export interface CooldownMonitors {
  read: () => Promise<CpuReading>;
  idle: Record<string, number>;
  close: () => Promise<void>;
}

/** Null when the plan has no monitors or none of them gives a `cpu` reading; `log` hears why. */
export async function openCooldownMonitors(
  plan: Plan,
  log: (line: string) => void,
  clock: CooldownClock = REAL_CLOCK,
): Promise<CooldownMonitors | null> {
  const specs = plan.monitors ?? [];
  if (specs.length === 0) return null;
  const set = MonitorSet.fromSpecs(specs, { sampleTimeoutMs: 2000 });
  const failures = await set.open({ optional: true });
  for (const f of failures) log(`warning: capacity cooldown: monitor left out: ${reasonOf(f.error)}`);
  const read = async (): Promise<CpuReading> => {
    const s = await set.sample();
    const out: CpuReading = {};
    for (const [id, sample] of Object.entries(s.monitors)) {
      if (sample === null) out[id] = null;
      else if (typeof sample.cpu === 'number') out[id] = sample.cpu;
    }
    return out;
  };
  const idle = set.ids.length > 0 ? await measureIdle(read, clock) : {};
  if (Object.keys(idle).length === 0) {
    log('warning: capacity cooldown: no monitor gave a cpu reading; the cooldown is the fixed --cooldown-seconds');
    await set.close();
    return null;
  }
  log(
    `capacity: idle cpu ${Object.entries(idle)
      .map(([id, v]) => `${id} ${v}% (settled under ${settleLimit(v)}%)`)
      .join(', ')}`,
  );
  return { read, idle, close: () => set.close() };
}
