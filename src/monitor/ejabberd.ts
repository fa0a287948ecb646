import type { EjabberdMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import { getText } from './http.js';
import { redactUrlCredentials } from '../scenario/redact.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * ejabberd's own counters through its HTTP API (mod_http_api, POST /api/<command> with a
 * JSON body): `connected_users` (connected_users_number: sessions on this node),
 * `online_users`, `registered_users`, `processes` (Erlang processes) and `uptime_s` from
 * the `stats` command. The API must let the caller in (api_permissions; the test servers
 * allow loopback).
 */
const STATS: readonly [series: string, stat: string][] = [
  ['online_users', 'onlineusers'],
  ['registered_users', 'registeredusers'],
  ['processes', 'processes'],
  ['uptime_s', 'uptimeseconds'],
];

export class EjabberdMonitor implements Monitor {
  readonly id: string;
  readonly label: string;

  constructor(
    private readonly spec: EjabberdMonitorSpec,
    private readonly timeoutMs = 5000,
  ) {
    this.id = spec.id;
    this.label = `ejabberd API ${redactUrlCredentials(spec.url)}`;
  }

  async open(): Promise<void> {
    try {
      await this.sample();
    } catch (err) {
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  async sample(): Promise<MonitorSample> {
    try {
      const [connected, ...stats] = await Promise.all([
        this.call('connected_users_number', {}),
        ...STATS.map(([, name]) => this.call('stats', { name })),
      ]);
      const out: MonitorSample = { connected_users: connected ?? 0 };
      STATS.forEach(([series], i) => {
        const v = stats[i];
        if (v !== undefined) out[series] = v;
      });
      return out;
    } catch (err) {
      throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
    }
  }

  async close(): Promise<void> {}

  /** One command; its result is a number, or an object holding one (`{"num_sessions": 3}`). */
  private async call(command: string, args: Record<string, string>): Promise<number | undefined> {
    const text = await getText(`${this.spec.url}/${command}`, this.timeoutMs, 'application/json', JSON.stringify(args));
    const json: unknown = JSON.parse(text);
    if (typeof json === 'number') return json;
    if (json && typeof json === 'object') {
      const n = Object.values(json).find((v): v is number => typeof v === 'number');
      if (n !== undefined) return n;
    }
    throw new Error(`${command}: unexpected answer ${text.slice(0, 80)}`);
  }
}
