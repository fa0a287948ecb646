import type { AgentAuth } from '../engine/coordinator/agent-link.js';
import type { ErlangMonitorSpec } from '../scenario/plan-monitor.js';
import { AgentMonitorLink } from './agent-monitor-link.js';
import { MonitorRefusedError, MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * Tsung's type="erlang": Tsung starts an Erlang node on the host over ssh to read its CPU,
 * memory and load. xload reads the same figures from an `xload agent --monitor-only` on
 * that host (issue 14), on the agents' channel with the run's agent token and TLS, one
 * request per interval: `cpu`, `cpu_user`, `cpu_system`, `cpu_iowait` (% of all cores),
 * `mem_total_bytes`, `mem_used_bytes`, `mem_available_bytes`, `load1/5/15` and
 * `net_rx/tx_bytes_per_s`, the type="host" monitor's figures of that machine.
 */
export class ErlangMonitor implements Monitor {
  readonly id: string;
  readonly label: string;
  readonly address: string;
  private link: AgentMonitorLink | undefined;

  constructor(
    spec: ErlangMonitorSpec,
    private readonly auth: AgentAuth | undefined,
    private readonly timeoutMs = 2000,
  ) {
    this.id = spec.id;
    this.address = `${spec.host.includes(':') && !spec.host.startsWith('[') ? `[${spec.host}]` : spec.host}:${spec.port}`;
    this.label = `erlang: xload agent --monitor-only at ${this.address}`;
  }

  /** Connects and takes the reading rates start from; a refusal (token, role) is MonitorRefusedError. */
  async open(): Promise<void> {
    if (!this.auth)
      throw new MonitorRefusedError(
        this.id,
        this.label,
        'no agent token: pass --agent-token-file with the token the agent was started with',
      );
    try {
      this.link = await this.connect();
      await this.link.read(this.timeoutMs);
    } catch (err) {
      await this.close();
      if (err instanceof MonitorRefusedError) throw err;
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  /**
   * One reading over the open link. A link that failed (the agent stopped, restarted, the
   * network broke) is replaced by a new one here, once per call; that call's reading spans
   * only the reconnect, so it is not used, and readings resume at the next interval.
   */
  async sample(): Promise<MonitorSample> {
    if (this.link?.failure === undefined && this.link) return this.link.read(this.timeoutMs);
    this.link?.close();
    this.link = undefined;
    try {
      this.link = await this.connect();
      await this.link.read(this.timeoutMs);
    } catch (err) {
      throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
    }
    throw new MonitorSampleError(this.id, 'connected to the agent again; its readings resume at the next interval');
  }

  async close(): Promise<void> {
    this.link?.close();
    this.link = undefined;
  }

  private connect(): Promise<AgentMonitorLink> {
    return AgentMonitorLink.open(this.address, this.auth!, { id: this.id, label: this.label }, this.timeoutMs);
  }
}
