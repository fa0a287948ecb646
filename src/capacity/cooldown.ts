/**
 * The cooldown between capacity levels. Without monitors it is a fixed wait. With
 * `<monitoring>`, a level's load may leave the server busy after every session closed
 * (GC, offline storage, mnesia dumps); starting the next level then measures a tired
 * server, so the wait goes on until each monitored CPU is back near the idle reading taken
 * before the first level, polling the monitors, between `--cooldown-seconds` and
 * `--cooldown-max-seconds`. The clock and the readings are injected: tests run it on a
 * fake clock.
 */
import type { CapacityCooldown } from '../report/capacity-types.js';

/** CPU % per monitor id (only monitors with a `cpu` series); null = no reading this time. */
export type CpuReading = Record<string, number | null>;

export interface CooldownClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: CooldownClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * How close to idle counts as settled: within 5 percentage points, or 1.5 × idle for a
 * server that idles high (a 30% idle reading is noisy by more than 5 points).
 */
export function settleLimit(idle: number): number {
  return Math.round(Math.max(idle + 5, idle * 1.5) * 100) / 100;
}

/** The idle CPU per monitor: the median of `readings` polls, `pollMs` apart; monitors that never answered are left out. */
export async function measureIdle(
  read: () => Promise<CpuReading>,
  clock: CooldownClock,
  readings = 3,
  pollMs = 1000,
): Promise<Record<string, number>> {
  const seen = new Map<string, number[]>();
  for (let i = 0; i < readings; i++) {
    await clock.sleep(pollMs);
    for (const [id, v] of Object.entries(await read())) if (v !== null) seen.set(id, [...(seen.get(id) ?? []), v]);
  }
  const idle: Record<string, number> = {};
  for (const [id, vs] of seen) {
    const v = [...vs].sort((a, b) => a - b);
    idle[id] = v[Math.floor(v.length / 2)]!;
  }
  return idle;
}

export interface CooldownOptions {
  minMs: number;
  /** At least minMs. */
  maxMs: number;
  pollMs?: number;
  clock?: CooldownClock;
  /** With monitors: how to read them and their idle CPU. */
  monitors?: { read: () => Promise<CpuReading>; idle: Record<string, number> };
  /** Ctrl-C: stop waiting. */
  interrupted?: () => boolean;
}

export class Cooldown {
  private readonly clock: CooldownClock;
  private readonly pollMs: number;

  constructor(private readonly o: CooldownOptions) {
    this.clock = o.clock ?? REAL_CLOCK;
    this.pollMs = o.pollMs ?? 1000;
  }

  /** True when the wait watches CPUs (monitors with a `cpu` series answered before the first level). */
  get watchesCpu(): boolean {
    return this.o.monitors !== undefined && Object.keys(this.o.monitors.idle).length > 0;
  }

  async wait(): Promise<CapacityCooldown> {
    const start = this.clock.now();
    const m = this.o.monitors;
    if (!m || !this.watchesCpu) {
      await this.clock.sleep(this.o.minMs);
      return { waited_s: seconds(this.clock.now() - start), settled: true, timed_out: false, cpu: null };
    }
    const maxMs = Math.max(this.o.minMs, this.o.maxMs);
    const cpu: NonNullable<CapacityCooldown['cpu']> = {};
    for (const [id, idle] of Object.entries(m.idle)) cpu[id] = { idle, limit: settleLimit(idle), last: null };
    for (;;) {
      const elapsed = this.clock.now() - start;
      await this.clock.sleep(Math.max(0, Math.min(this.pollMs, maxMs - elapsed)));
      const r = await m.read();
      for (const [id, c] of Object.entries(cpu)) c.last = r[id] ?? null;
      const settled = Object.values(cpu).every((c) => c.last !== null && c.last <= c.limit);
      const now = this.clock.now() - start;
      if (settled && now >= this.o.minMs) return { waited_s: seconds(now), settled: true, timed_out: false, cpu };
      if (now >= maxMs) return { waited_s: seconds(now), settled: false, timed_out: true, cpu };
      if (this.o.interrupted?.()) return { waited_s: seconds(now), settled: false, timed_out: false, cpu };
    }
  }
}

/** One line for the console when a cooldown ran out: which CPU stayed above its limit. */
export function unsettledLine(levelText: string, c: CapacityCooldown): string {
  const busy = Object.entries(c.cpu ?? {})
    .filter(([, v]) => v.last === null || v.last > v.limit)
    .map(([id, v]) => `${id} cpu ${v.last === null ? 'no reading' : `${v.last}%`} (idle ${v.idle}%, limit ${v.limit}%)`);
  return `warning: capacity: the server did not settle after ${levelText} within ${c.waited_s} s: ${busy.join(', ')}; the next level starts anyway (--cooldown-max-seconds)`;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
