import { READ_LIMITS, readRegularText } from '../read-regular-file.js';
import type { HostMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import {
  cpuPercent,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStatCpu,
  parseTcpTable,
  round2,
  tcpStateCounts,
  type CpuTicks,
} from './proc-parse.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * This whole machine from /proc: `cpu` (% of all cores, as Tsung's erlang monitor),
 * `cpu_user`/`cpu_system`/`cpu_iowait`, `mem_total_bytes`, `mem_used_bytes` (total less
 * MemAvailable), `mem_available_bytes`, `load1/5/15`, `net_rx/tx_bytes_per_s` (every
 * interface, loopback included: a loopback test's traffic is there), and `tcp_<state>`.
 */
export class HostMonitor implements Monitor {
  readonly id: string;
  readonly label = 'host /proc';
  private last: { cpu: CpuTicks; rx: number; tx: number; at: number } | undefined;

  constructor(
    spec: HostMonitorSpec,
    private readonly proc = '/proc',
  ) {
    this.id = spec.id;
  }

  async open(): Promise<void> {
    try {
      await this.sample();
    } catch (err) {
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  async sample(): Promise<MonitorSample> {
    let texts: string[];
    try {
      texts = await Promise.all(
        ['stat', 'meminfo', 'loadavg', 'net/dev', 'net/tcp', 'net/tcp6'].map((f) =>
          readRegularText(`${this.proc}/${f}`, READ_LIMITS.procFile),
        ),
      );
    } catch (err) {
      throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
    }
    const [stat = '', meminfo = '', loadavg = '', netdev = '', tcp = '', tcp6 = ''] = texts;
    const at = performance.now();
    const cpu = parseProcStatCpu(stat);
    const mem = parseMeminfo(meminfo);
    const net = parseNetDev(netdev);
    const total = mem.MemTotal ?? 0;
    const available = mem.MemAvailable ?? (mem.MemFree ?? 0) + (mem.Buffers ?? 0) + (mem.Cached ?? 0);
    const prev = this.last;
    const dt = prev ? (at - prev.at) / 1000 : 0;
    this.last = { cpu, rx: net.rx, tx: net.tx, at };
    return {
      ...(prev ? cpuPercent(prev.cpu, cpu) : { cpu: 0, cpu_user: 0, cpu_system: 0, cpu_iowait: 0 }),
      mem_total_bytes: total,
      mem_used_bytes: total - available,
      mem_available_bytes: available,
      ...parseLoadavg(loadavg),
      net_rx_bytes_per_s: prev && dt > 0 ? round2((net.rx - prev.rx) / dt) : 0,
      net_tx_bytes_per_s: prev && dt > 0 ? round2((net.tx - prev.tx) / dt) : 0,
      ...tcpStateCounts([...parseTcpTable(tcp), ...parseTcpTable(tcp6)]),
    };
  }

  async close(): Promise<void> {
    this.last = undefined;
  }
}
