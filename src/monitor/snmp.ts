import type { Session, Varbind } from 'net-snmp';
import type { SnmpMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import { round2 } from './proc-parse.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * UCD-SNMP-MIB (1.3.6.1.4.1.2021), the OIDs Tsung 1.7's ts_os_mon_snmp reads, plus the
 * other ssCpuRaw* counters so `cpu` is a share of all CPU time (Tsung divides user+system
 * ticks by the interval, which is a share of one core only when USER_HZ is 100).
 */
const UCD = '1.3.6.1.4.1.2021';
const CPU_BUSY = {
  user: `${UCD}.11.50.0`,
  nice: `${UCD}.11.51.0`,
  system: `${UCD}.11.52.0`,
  wait: `${UCD}.11.54.0`,
  interrupt: `${UCD}.11.56.0`,
  softirq: `${UCD}.11.61.0`,
};
const CPU_IDLE = `${UCD}.11.53.0`;
/** ssCpuRawSteal and memSysAvail (MemAvailable) are newer: v2c only, where a missing one is a per-varbind error. */
const CPU_STEAL = `${UCD}.11.64.0`;
const MEM_TOTAL = `${UCD}.4.5.0`,
  MEM_AVAIL = `${UCD}.4.6.0`,
  MEM_BUFFER = `${UCD}.4.14.0`,
  MEM_CACHED = `${UCD}.4.15.0`,
  MEM_SYS_AVAIL = `${UCD}.4.27.0`;
/** laLoadInt.1: the 1-minute load times 100. */
const LOAD1 = `${UCD}.10.1.5.1`;

/**
 * SNMP v1/v2c GET of CPU, memory and load: `cpu`, `cpu_user`, `cpu_system` (% of all
 * cores, from ssCpuRaw* deltas; snmpd refreshes them every 5 s), `mem_total_bytes`,
 * `mem_used_bytes`, `mem_free_bytes` (Tsung's freemem: free + buffers + cached), `load1`,
 * and each `<oid>` as its name.
 */
export class SnmpMonitor implements Monitor {
  readonly id: string;
  readonly label: string;
  private session: Session | undefined;
  private readonly oids: string[];
  private last: { values: Map<string, number>; at: number } | undefined;
  private isVarbindError: (vb: Varbind) => boolean = () => true;

  constructor(
    private readonly spec: SnmpMonitorSpec,
    private readonly timeoutMs = 2000,
  ) {
    this.id = spec.id;
    this.label = `snmp ${spec.version === 'v2' ? 'v2c' : 'v1'} ${spec.host}:${spec.port}`;
    const v2 = spec.version === 'v2' ? [CPU_STEAL, MEM_SYS_AVAIL] : [];
    this.oids = [
      ...Object.values(CPU_BUSY),
      CPU_IDLE,
      MEM_TOTAL,
      MEM_AVAIL,
      MEM_BUFFER,
      MEM_CACHED,
      LOAD1,
      ...v2,
      ...spec.oids.map((o) => o.oid),
    ];
  }

  async open(): Promise<void> {
    // Loaded here, so the other monitors (and `check`) never need the package.
    const snmp = (await import('net-snmp')).default;
    this.isVarbindError = snmp.isVarbindError;
    this.session = snmp.createSession(this.spec.host, this.spec.community, {
      port: this.spec.port,
      version: this.spec.version === 'v2' ? snmp.Version2c : snmp.Version1,
      timeout: this.timeoutMs,
      retries: 0,
      transport: this.spec.host.includes(':') ? 'udp6' : 'udp4',
    });
    // A socket error also fails the pending request, which is where it is reported.
    this.session.on('error', () => {});
    try {
      await this.sample();
    } catch (err) {
      await this.close();
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  async sample(): Promise<MonitorSample> {
    const values = await this.get();
    const at = performance.now();
    const v = (oid: string): number => values.get(oid) ?? 0;
    const out: MonitorSample = {};
    const prev = this.last;
    this.last = { values, at };
    if (prev) {
      const d = (oid: string): number => v(oid) - (prev.values.get(oid) ?? 0);
      const dBusy = Object.values(CPU_BUSY).reduce((a, oid) => a + d(oid), 0);
      const dTotal = dBusy + d(CPU_IDLE) + d(CPU_STEAL);
      const pct = (x: number): number => (dTotal > 0 ? round2((100 * x) / dTotal) : 0);
      out.cpu = pct(dBusy - d(CPU_BUSY.wait));
      out.cpu_user = pct(d(CPU_BUSY.user) + d(CPU_BUSY.nice));
      out.cpu_system = pct(d(CPU_BUSY.system) + d(CPU_BUSY.interrupt) + d(CPU_BUSY.softirq));
    } else {
      out.cpu = out.cpu_user = out.cpu_system = 0;
    }
    const free = (v(MEM_AVAIL) + v(MEM_BUFFER) + v(MEM_CACHED)) * 1024;
    const total = v(MEM_TOTAL) * 1024;
    out.mem_total_bytes = total;
    out.mem_used_bytes = total - (values.has(MEM_SYS_AVAIL) ? v(MEM_SYS_AVAIL) * 1024 : free);
    out.mem_free_bytes = free;
    out.load1 = v(LOAD1) / 100;
    const dt = prev ? (at - prev.at) / 1000 : 0;
    for (const o of this.spec.oids) {
      if (!values.has(o.oid)) continue;
      if (o.kind === 'gauge') out[o.name] = v(o.oid);
      else out[o.name] = prev && dt > 0 ? round2((v(o.oid) - (prev.values.get(o.oid) ?? 0)) / dt) : 0;
    }
    return out;
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s)
      try {
        s.close();
      } catch {
        /* already closed */
      }
  }

  private get(): Promise<Map<string, number>> {
    const session = this.session;
    if (!session) return Promise.reject(new MonitorSampleError(this.id, 'not open'));
    return new Promise((resolve, reject) => {
      session.get(this.oids, (error, varbinds) => {
        if (error) return reject(new MonitorSampleError(this.id, reasonOf(error), { cause: error }));
        const out = new Map<string, number>();
        for (const vb of varbinds) {
          const n = this.isVarbindError(vb) ? undefined : numberOf(vb);
          if (n !== undefined) out.set(vb.oid, n);
        }
        if (!out.has(CPU_IDLE)) return reject(new MonitorSampleError(this.id, 'the agent has no UCD-SNMP-MIB (ssCpuRawIdle missing)'));
        resolve(out);
      });
    });
  }
}

/** Counter64 arrives as a big-endian Buffer; DisplayStrings (laLoad) as text. */
function numberOf(vb: Varbind): number | undefined {
  const val = vb.value;
  if (typeof val === 'number') return val;
  if (Buffer.isBuffer(val)) {
    if (vb.type === 70) return val.reduce((a, byte) => a * 256 + byte, 0);
    const n = Number(val.toString('latin1'));
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof val === 'string') {
    const n = Number(val);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
