import type { PROTOCOL_VERSION } from '../engine/protocol.js';

/**
 * The monitor-only role's messages (issue 14), added to the agent channel beside the
 * engine's ToShard/FromShard: a coordinator's `<monitor type="erlang">` asks an
 * `xload agent --monitor-only` for one reading of its host, once per interval. Additive:
 * a load agent and older agents never receive one from a coordinator that read their hello
 * (`role`), and the request carries the protocol version so the agent checks it before
 * reading the rest.
 */

/** Which job an agent's process does; absent in the hello of agents older than the role. */
export type AgentRole = 'load' | 'monitor';

/** Coordinator -> monitor-only agent: one reading, please. `seq` pairs it with its answer. */
export interface MonitorRequest {
  type: 'monitor';
  protocol: typeof PROTOCOL_VERSION;
  seq: number;
}

/**
 * Monitor-only agent -> coordinator: the host's figures (series name -> number, as
 * src/monitor/types.ts's MonitorSample), or why there are none this time.
 */
export type MonitorReply =
  { type: 'monitor-sample'; seq: number; sample: Record<string, number> } | { type: 'monitor-sample'; seq: number; error: string };

/**
 * The series a monitor-only agent sends: the CPU, memory, load and network figures of
 * src/monitor/host.ts (as Tsung's erlang monitor reads cpu, freemem, load and packets),
 * named as the host, snmp and munin monitors name theirs so thresholds, charts and compare
 * treat them alike. The host monitor's tcp_<state> counts stay out: Tsung's has none.
 */
export const MONITOR_SERIES = [
  'cpu',
  'cpu_user',
  'cpu_system',
  'cpu_iowait',
  'mem_total_bytes',
  'mem_used_bytes',
  'mem_available_bytes',
  'load1',
  'load5',
  'load15',
  'net_rx_bytes_per_s',
  'net_tx_bytes_per_s',
] as const;

/** The port an agent listens on when `--listen` names a host alone (src/scenario owns the number). */
export { DEFAULT_AGENT_PORT } from '../scenario/plan-monitor.js';
