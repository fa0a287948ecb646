import type { ErlangMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorUnsupportedError } from './errors.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * Tsung's type="erlang": Tsung starts an Erlang node on the host over ssh. xload will read
 * the same figures (cpu, memory, load) through an `xload agent --monitor-only` on that
 * host (issue 14); until that role exists, opening says so and the run does not start.
 */
export class ErlangMonitor implements Monitor {
  readonly id: string;
  readonly label: string;

  constructor(private readonly spec: ErlangMonitorSpec) {
    this.id = spec.id;
    this.label = `erlang ${spec.host} (through an xload agent --monitor-only)`;
  }

  async open(): Promise<void> {
    throw new MonitorUnsupportedError(
      this.id,
      `type="erlang" is read through an \`xload agent --monitor-only\` on ${this.spec.host}, which this xload cannot start yet (issue 14); use type="snmp" or type="munin" for that host meanwhile`,
    );
  }

  async sample(): Promise<MonitorSample> {
    throw new MonitorUnsupportedError(this.id, 'not open');
  }

  async close(): Promise<void> {}
}
