import type { MonitorSpec } from '../scenario/plan-monitor.js';
import { createMonitor, type MonitorContext } from './create.js';
import { reasonOf } from './errors.js';
import type { Monitor, MonitorEvents, MonitorSample, MonitorSetSample } from './types.js';

export interface MonitorSetOptions extends MonitorContext {
  /** Longest wait for one monitor's reading; past it the interval has a gap for it. */
  sampleTimeoutMs?: number;
  events?: MonitorEvents;
  /** Wall clock, injectable for tests. */
  now?: () => number;
}

/** A monitor that could not be opened, when opening with `optional`. */
export interface MonitorOpenFailure {
  id: string;
  error: unknown;
}

/** Per monitor: the reading still running (if one overran its timeout) and the gap state. */
interface Slot {
  monitor: Monitor;
  pending: Promise<unknown> | undefined;
  gapSince: number | undefined;
}

/**
 * The run's monitors behind one call, for the coordinator: `await set.sample()` once per
 * interval on its own event loop. Readings run in parallel, each bounded by the timeout,
 * so a slow monitor costs its own gap and never delays the interval. A reading still
 * running from an earlier interval is not started twice. A monitor that stops answering
 * is reported once (onGap), its intervals are null, and it is reported again (onRecover)
 * when it answers.
 */
export class MonitorSet {
  private readonly slots: Slot[];
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    monitors: readonly Monitor[],
    private readonly opts: MonitorSetOptions = {},
  ) {
    this.slots = monitors.map((monitor) => ({ monitor, pending: undefined, gapSince: undefined }));
    this.timeoutMs = opts.sampleTimeoutMs ?? 2000;
    this.now = opts.now ?? Date.now;
  }

  static fromSpecs(specs: readonly MonitorSpec[], opts: MonitorSetOptions = {}): MonitorSet {
    return new MonitorSet(
      specs.map((s) => createMonitor(s, opts.sampleTimeoutMs ?? 2000, opts)),
      opts,
    );
  }

  get ids(): string[] {
    return this.slots.map((s) => s.monitor.id);
  }

  /**
   * Opens every monitor in parallel. By default the first failure (in plan order) is
   * thrown after the others are closed; with `optional`, failed monitors are dropped
   * and returned, and the rest run.
   */
  async open(options: { optional?: boolean } = {}): Promise<MonitorOpenFailure[]> {
    const results = await Promise.allSettled(this.slots.map((s) => s.monitor.open()));
    const failures: MonitorOpenFailure[] = [];
    results.forEach((r, i) => {
      const slot = this.slots[i];
      if (r.status === 'rejected' && slot) failures.push({ id: slot.monitor.id, error: r.reason });
    });
    if (failures.length > 0 && !options.optional) {
      await this.close();
      throw failures[0]?.error;
    }
    const failed = new Set(failures.map((f) => f.id));
    for (let i = this.slots.length - 1; i >= 0; i--) {
      if (failed.has(this.slots[i]?.monitor.id ?? '')) this.slots.splice(i, 1);
    }
    return failures;
  }

  async sample(): Promise<MonitorSetSample> {
    const at = this.now();
    const readings = await Promise.all(this.slots.map((slot) => this.read(slot)));
    const monitors: Record<string, MonitorSample | null> = {};
    this.slots.forEach((slot, i) => {
      const r = readings[i];
      const id = slot.monitor.id;
      if (r && 'sample' in r) {
        monitors[id] = r.sample;
        if (slot.gapSince !== undefined) {
          const gapMs = this.now() - slot.gapSince;
          slot.gapSince = undefined;
          this.opts.events?.onRecover?.(id, gapMs);
        }
      } else {
        monitors[id] = null;
        if (slot.gapSince === undefined) {
          slot.gapSince = at;
          this.opts.events?.onGap?.(id, r?.reason ?? 'no reading');
        }
      }
    });
    return { at, monitors };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.monitor.close()));
  }

  private read(slot: Slot): Promise<{ sample: MonitorSample } | { reason: string }> {
    if (slot.pending) return Promise.resolve({ reason: `the previous reading is still running after ${this.timeoutMs} ms` });
    const reading = slot.monitor.sample();
    const settled = reading
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        if (slot.pending === settled) slot.pending = undefined;
      });
    slot.pending = settled;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ reason: `no reading in ${this.timeoutMs} ms` }), this.timeoutMs);
      reading.then(
        (sample) => {
          clearTimeout(timer);
          resolve({ sample });
        },
        (err: unknown) => {
          clearTimeout(timer);
          resolve({ reason: reasonOf(err) });
        },
      );
    });
  }
}
