import type { PendingSnapshot } from '../../stats/recorder.js';

/**
 * When a shard's interval snapshots are encoded and posted. At the interval tick the
 * interval is cut at once and its histograms are encoded one per turn of the event loop
 * (setImmediate), the snapshot posted when the last is done: messages that arrive meanwhile
 * wait ~0.2 ms behind one histogram, not the 2–6 ms of a dozen encoded at once
 * (bench/README.md, "Latency the generator adds"). Anything that must follow the interval
 * (another snapshot, the shard's `done`) finishes it first, so snapshots stay in order.
 */
export class IntervalSnapshots {
  private pending: { snapshot: PendingSnapshot; phase: number } | null = null;

  constructor(
    /** Cuts the current interval (ShardRecorder.beginSnapshot after the shard's gauges). */
    private readonly cut: () => PendingSnapshot,
    /** Sends a complete snapshot to the coordinator. */
    private readonly post: (snapshot: PendingSnapshot, phase: number) => void,
  ) {}

  /** The interval tick: cut now, encode over the next turns, post when done. */
  inSteps(phase: number): void {
    this.flush();
    const pending = { snapshot: this.cut(), phase };
    this.pending = pending;
    const step = () => {
      if (this.pending !== pending) return; // flushed meanwhile
      if (!pending.snapshot.step()) {
        setImmediate(step);
        return;
      }
      this.pending = null;
      this.post(pending.snapshot, pending.phase);
    };
    setImmediate(step);
  }

  /** Cuts, encodes and returns the interval now (after posting one still in steps). */
  now(): PendingSnapshot {
    this.flush();
    const snapshot = this.cut();
    snapshot.finish();
    return snapshot;
  }

  /** Posts the interval still being encoded, if any. */
  flush(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    pending.snapshot.finish();
    this.post(pending.snapshot, pending.phase);
  }
}
