import type { IntervalRecord } from '../stats/aggregate.js';
import { COUNTER, GAUGE, METRIC } from '../stats/metric-names.js';

/** What the console progress line shows, accumulated between prints. */
export class ProgressLine {
  private inStanzas = 0;
  private outStanzas = 0;
  private errors = 0;
  private elapsedMs = 0;
  private p50: number | undefined;
  private p99: number | undefined;
  private active = 0;
  private connected = 0;

  add(rec: IntervalRecord): void {
    this.inStanzas += rec.counters[COUNTER.stanzasReceived] ?? 0;
    this.outStanzas += rec.counters[COUNTER.stanzasSent] ?? 0;
    this.errors += Object.values(rec.errors).reduce((a, b) => a + b, 0);
    this.elapsedMs += rec.intervalMs;
    const m = rec.metrics[METRIC.msgLatency];
    if (m) {
      this.p50 = m.p50_ms;
      this.p99 = m.p99_ms;
    }
    this.active = rec.gauges[GAUGE.usersActive] ?? 0;
    this.connected = rec.gauges[GAUGE.usersConnected] ?? 0;
  }

  /** One line, then the rates restart for the next period. */
  render(elapsedS: number, phase: number): string {
    const secs = Math.max(this.elapsedMs / 1000, 0.001);
    const lat = this.p50 === undefined ? '' : `  msg p50 ${fmt(this.p50)} p99 ${fmt(this.p99!)} ms`;
    const line =
      `${elapsedS.toFixed(0).padStart(5)}s  phase ${phase}  users ${this.active} active/${this.connected} connected` +
      `  stanzas/s ${(this.inStanzas / secs).toFixed(0)} in ${(this.outStanzas / secs).toFixed(0)} out${lat}  errors ${this.errors}`;
    this.inStanzas = this.outStanzas = this.errors = this.elapsedMs = 0;
    return line;
  }
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}
