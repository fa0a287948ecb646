import { InternalError } from '../errors.js';
import type { IntervalInfo, JsonValue, RunEndInfo, RunOutput, RunPhase, RunSource, RunStartInfo, RunVerdict } from './types.js';

/** Stands for a sample that missed its deadline (no JSON value can be it). */
const LATE = Symbol('late');

/** What the chain needs of a closed interval besides the sources' samples. */
export type ClosedInterval = Omit<IntervalInfo, 'sources'>;

/**
 * The outputs of one run, in order, and the sources that enrich each interval before them.
 * Without sources an interval goes through synchronously, at its boundary; with sources it
 * waits for their samples (bounded by `sampleTimeoutMs`), and intervals stay in order.
 */
export class OutputChain {
  private pending: Promise<void> = Promise.resolve();
  private readonly warned = new Set<string>();

  constructor(
    private readonly outputs: readonly RunOutput[],
    private readonly sources: readonly RunSource[] = [],
    private readonly opts: { sampleTimeoutMs: number; log: (line: string) => void } = { sampleTimeoutMs: 0, log: () => {} },
  ) {
    const fields = new Set<string>();
    for (const s of sources) {
      if (fields.has(s.field)) throw new InternalError(`two run sources write sources.${s.field}`);
      fields.add(s.field);
    }
  }

  start(info: RunStartInfo): void {
    for (const o of this.outputs) o.start?.(info);
  }

  phase(phase: RunPhase, at: number): void {
    for (const o of this.outputs) o.phase?.(phase, at);
  }

  /**
   * Hands a closed interval to the outputs; `onVerdict` gets the first output's verdict.
   * `boundary` is when the sources are sampled (epoch ms).
   */
  interval(boundary: number, iv: ClosedInterval, onVerdict: (v: RunVerdict) => void): void {
    if (this.sources.length === 0) {
      this.deliver({ ...iv, sources: {} }, onVerdict);
      return;
    }
    const samples = this.sample(boundary);
    this.pending = this.pending.then(async () => {
      this.deliver({ ...iv, sources: await samples }, onVerdict);
    });
  }

  /** Resolves when every interval handed over so far has reached the outputs. */
  drain(): Promise<void> {
    return this.pending;
  }

  async end(info: RunEndInfo): Promise<void> {
    await this.drain();
    for (const s of this.sources) await s.close?.();
    for (const o of this.outputs) await o.end?.(info);
  }

  private deliver(iv: IntervalInfo, onVerdict: (v: RunVerdict) => void): void {
    let verdict: RunVerdict | undefined;
    for (const o of this.outputs) {
      const v = o.interval?.(iv);
      verdict ??= v;
    }
    if (verdict) onVerdict(verdict);
  }

  private async sample(boundary: number): Promise<Record<string, JsonValue>> {
    const out: Record<string, JsonValue> = {};
    await Promise.all(
      this.sources.map(async (s) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<typeof LATE>((r) => (timer = setTimeout(() => r(LATE), this.opts.sampleTimeoutMs)));
        try {
          const v = await Promise.race([s.sample(boundary), late]);
          if (v === LATE) this.warnOnce(s.field, `no sample within ${this.opts.sampleTimeoutMs} ms; left out of the interval`);
          else out[s.field] = v;
        } catch (err) {
          this.warnOnce(s.field, `sample failed: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return out;
  }

  private warnOnce(field: string, text: string): void {
    if (this.warned.has(field)) return;
    this.warned.add(field);
    this.opts.log(`warning: source ${field}: ${text} (said once)`);
  }
}
