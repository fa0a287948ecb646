import type { SourcePos } from './plan.js';

/**
 * One `<monitor>` of `<monitoring>` as plan data (issue 14): what to watch and how to
 * reach it. The runtime (src/monitor/) turns a spec into a Monitor; the plan only says
 * where. `id` names the monitor's series (`server.<id>.<series>`), unique in a plan.
 */
export type MonitorSpec =
  | ProcessMonitorSpec
  | HostMonitorSpec
  | SnmpMonitorSpec
  | MuninMonitorSpec
  | ErlangMonitorSpec
  | PrometheusMonitorSpec
  | EjabberdMonitorSpec;

export type MonitorType = MonitorSpec['type'];

interface MonitorBase {
  id: string;
  /** `host` as written: the machine watched (for process and host: this one). */
  host: string;
  pos: SourcePos;
}

/** xload extension: one local process (or every process of one name), from /proc. */
export interface ProcessMonitorSpec extends MonitorBase {
  type: 'process';
  /** Matches /proc/PID/comm or the basename of argv[0]; all matches are summed. */
  name?: string;
  pid?: number;
}

/** xload extension: this whole machine, from /proc. */
export interface HostMonitorSpec extends MonitorBase {
  type: 'host';
}

/** Tsung's `type="snmp"`: UCD-SNMP-MIB CPU, memory and load, as ts_os_mon_snmp reads them. */
export interface SnmpMonitorSpec extends MonitorBase {
  type: 'snmp';
  port: number;
  community: string;
  version: 'v1' | 'v2';
  /** Tsung's `<oid value name type>`: extra series. */
  oids: SnmpOidSpec[];
}

export interface SnmpOidSpec {
  oid: string;
  name: string;
  /** `sample`: the value as read; `counter`/`sample_counter`: its rate per second. */
  kind: 'gauge' | 'rate';
}

/** Tsung's `type="munin"`: munin-node's cpu, memory and load plugins. */
export interface MuninMonitorSpec extends MonitorBase {
  type: 'munin';
  port: number;
}

/**
 * Tsung's `type="erlang"` (its default): Tsung starts an Erlang node on the host over ssh;
 * xload reads the same figures through an `xload agent --monitor-only` on that host.
 */
export interface ErlangMonitorSpec extends MonitorBase {
  type: 'erlang';
  /** The agent's port: xload's port= on `<monitor>`, else DEFAULT_AGENT_PORT. */
  port: number;
}

/**
 * Port an `xload agent` listens on when `--listen` names a host alone, and the one a
 * type="erlang" monitor dials when the scenario writes no port= (the port deploy/ and the
 * docs use for agents).
 */
export const DEFAULT_AGENT_PORT = 7911;

/** xload extension: a Prometheus/OpenMetrics text endpoint, keeping the listed metrics. */
export interface PrometheusMonitorSpec extends MonitorBase {
  type: 'prometheus';
  url: string;
  metrics: string[];
}

/** xload extension: ejabberd's own counters through its HTTP API (mod_http_api). */
export interface EjabberdMonitorSpec extends MonitorBase {
  type: 'ejabberd';
  /** Base of the API, e.g. http://127.0.0.1:5280/api */
  url: string;
}
