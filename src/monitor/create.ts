import type { AgentAuth } from '../engine/coordinator/agent-link.js';
import type { MonitorSpec } from '../scenario/plan-monitor.js';
import { EjabberdMonitor } from './ejabberd.js';
import { ErlangMonitor } from './erlang.js';
import { HostMonitor } from './host.js';
import { MuninMonitor } from './munin.js';
import { ProcessMonitor } from './process.js';
import { PrometheusMonitor } from './prometheus.js';
import { SnmpMonitor } from './snmp.js';
import type { Monitor } from './types.js';

/** What some monitors need from the run besides their spec. */
export interface MonitorContext {
  /** The token (and TLS) the run uses for agents: type="erlang" reads a monitor-only agent. */
  agentAuth?: AgentAuth;
}

/** A plan's monitor spec → the runtime monitor that reads it (not yet open). */
export function createMonitor(spec: MonitorSpec, timeoutMs = 2000, ctx: MonitorContext = {}): Monitor {
  switch (spec.type) {
    case 'process':
      return new ProcessMonitor(spec);
    case 'host':
      return new HostMonitor(spec);
    case 'snmp':
      return new SnmpMonitor(spec, timeoutMs);
    case 'munin':
      return new MuninMonitor(spec, timeoutMs);
    case 'erlang':
      return new ErlangMonitor(spec, ctx.agentAuth, timeoutMs);
    case 'prometheus':
      return new PrometheusMonitor(spec, timeoutMs);
    case 'ejabberd':
      return new EjabberdMonitor(spec, timeoutMs);
  }
}
