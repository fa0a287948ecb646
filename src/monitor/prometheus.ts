import type { PrometheusMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import { getText } from './http.js';
import { redactUrlCredentials } from '../scenario/redact.js';
import { parseExposition, seriesName } from './openmetrics-parse.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * Scrapes a Prometheus/OpenMetrics text endpoint (Prosody's mod_http_openmetrics,
 * MongooseIM, node_exporter) and keeps the listed metrics. A listed name keeps the
 * samples of that name, and of that name with `_total` (OpenMetrics counters); a sample
 * with labels is its own series, `name{label="value",...}`. Values are as exposed
 * (a counter stays a counter: its rate is for the reader to take).
 */
export class PrometheusMonitor implements Monitor {
  readonly id: string;
  readonly label: string;
  private readonly keep: Set<string>;

  constructor(
    private readonly spec: PrometheusMonitorSpec,
    private readonly timeoutMs = 5000,
  ) {
    this.id = spec.id;
    this.label = `prometheus ${redactUrlCredentials(spec.url)}`;
    this.keep = new Set(spec.metrics.flatMap((m) => [m, `${m}_total`]));
  }

  async open(): Promise<void> {
    let sample: MonitorSample;
    try {
      sample = await this.sample();
    } catch (err) {
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
    if (Object.keys(sample).length === 0) {
      throw new MonitorUnreachableError(this.id, this.label, `none of ${this.spec.metrics.join(', ')} is exposed there`);
    }
  }

  async sample(): Promise<MonitorSample> {
    let text: string;
    try {
      text = await getText(this.spec.url, this.timeoutMs, 'text/plain;version=0.0.4, application/openmetrics-text;version=1.0.0;q=0.5');
    } catch (err) {
      throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
    }
    const out: MonitorSample = {};
    try {
      for (const s of parseExposition(text)) if (this.keep.has(s.name)) out[seriesName(s)] = s.value;
    } catch (err) {
      throw new MonitorSampleError(this.id, `not Prometheus text: ${reasonOf(err)}`, { cause: err });
    }
    return out;
  }

  async close(): Promise<void> {}
}
