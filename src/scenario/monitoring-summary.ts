import type { MonitorSpec } from './plan-monitor.js';
import { REDACTED, redactUrlCredentials } from './redact.js';

/** `xload check`'s lines for `<monitoring>`: per monitor, where it reads and which series. */
export function monitorSummaryLines(monitors: readonly MonitorSpec[]): string[] {
  if (monitors.length === 0) return [];
  return [`monitors  ${monitors.length}`, ...monitors.map((m) => `  ${m.id}: ${describeMonitor(m)}`)];
}

export function describeMonitor(m: MonitorSpec): string {
  switch (m.type) {
    case 'process':
      return `process ${m.name !== undefined ? `named ${m.name} (all matches summed)` : `pid ${m.pid}`} from /proc: cpu (% of one core), rss_bytes, fds, tcp_sockets, threads`;
    case 'host':
      return 'this host from /proc: cpu (% of all cores), mem_used_bytes, load1/5/15, net_rx/tx_bytes_per_s, tcp_<state>';
    case 'snmp':
      return `SNMP ${m.version === 'v2' ? 'v2c' : 'v1'} udp ${m.host}:${m.port} community ${REDACTED}: UCD-SNMP-MIB ssCpuRaw* (cpu), memTotalReal/memAvailReal (mem_*), laLoadInt.1 (load1)${m.oids.length ? `, ${m.oids.map((o) => `${o.name}=${o.oid}${o.kind === 'rate' ? '/s' : ''}`).join(', ')}` : ''}`;
    case 'munin':
      return `munin-node tcp ${m.host}:${m.port}: fetch cpu, memory, load (cpu, mem_*, load5)`;
    case 'erlang':
      return `erlang (Tsung starts a node over ssh): xload reads the same figures from an \`xload agent --monitor-only\` running on ${m.host}, gRPC ${m.host}:${m.port} with the run's --agent-token-file (TLS: --agent-ca): cpu (% of all cores), mem_used_bytes, load1/5/15, net_rx/tx_bytes_per_s`;
    case 'prometheus':
      return `Prometheus/OpenMetrics text at ${redactUrlCredentials(m.url)}: ${m.metrics.join(', ')}`;
    case 'ejabberd':
      return `ejabberd HTTP API at ${redactUrlCredentials(m.url)}: connected_users_number, stats (registeredusers, onlineusers, processes, uptimeseconds)`;
  }
}
