import type { MuninMonitorSpec } from '../scenario/plan-monitor.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import { muninSession, muninValues } from './munin-client.js';
import { round2 } from './proc-parse.js';
import type { Monitor, MonitorSample } from './types.js';

/** Fields of munin's cpu plugin that are not this host's work (guest is already in user). */
const NOT_BUSY = new Set(['idle', 'iowait', 'steal', 'guest', 'guest_nice']);
const NOT_IN_TOTAL = new Set(['guest', 'guest_nice']);

/**
 * munin-node's cpu, memory and load plugins, as Tsung 1.7's ts_os_mon_munin fetches them:
 * `cpu` (% of all cores, from the cpu plugin's jiffy counters), `mem_total_bytes` (from
 * `config memory`), `mem_used_bytes` (total less free, buffers and cached),
 * `mem_free_bytes` (Tsung's freemem: free + buffers + cached), `mem_apps_bytes`, and
 * `load5` (munin's load plugin reads the 5-minute average).
 */
export class MuninMonitor implements Monitor {
  readonly id: string;
  readonly label: string;
  private memTotal = 0;
  private last: Map<string, number> | undefined;

  constructor(
    private readonly spec: MuninMonitorSpec,
    private readonly timeoutMs = 5000,
  ) {
    this.id = spec.id;
    this.label = `munin ${spec.host}:${spec.port}`;
  }

  async open(): Promise<void> {
    try {
      const [config] = await muninSession(this.spec.host, this.spec.port, ['config memory'], this.timeoutMs);
      const limit = (config ?? []).map((l) => /--upper-limit\s+(\d+)/.exec(l)?.[1]).find((x) => x !== undefined);
      this.memTotal = Number(limit ?? 0);
      await this.sample();
    } catch (err) {
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  async sample(): Promise<MonitorSample> {
    let answers: string[][];
    try {
      answers = await muninSession(this.spec.host, this.spec.port, ['fetch cpu', 'fetch memory', 'fetch load'], this.timeoutMs);
    } catch (err) {
      throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
    }
    const [cpuLines = [], memLines = [], loadLines = []] = answers;
    const cpu = muninValues(cpuLines);
    const mem = muninValues(memLines);
    if (!cpu.has('idle')) throw new MonitorSampleError(this.id, 'munin-node has no cpu plugin (no idle.value)');
    const prev = this.last;
    this.last = cpu;
    const out: MonitorSample = { cpu: 0 };
    if (prev) {
      let busy = 0,
        total = 0;
      for (const [field, value] of cpu) {
        const d = value - (prev.get(field) ?? value);
        if (!NOT_IN_TOTAL.has(field)) total += d;
        if (!NOT_BUSY.has(field)) busy += d;
      }
      out.cpu = total > 0 ? round2((100 * busy) / total) : 0;
    }
    const free = (mem.get('free') ?? 0) + (mem.get('buffers') ?? 0) + (mem.get('cached') ?? 0);
    if (this.memTotal > 0) {
      out.mem_total_bytes = this.memTotal;
      out.mem_used_bytes = this.memTotal - free;
    }
    out.mem_free_bytes = free;
    const apps = mem.get('apps');
    if (apps !== undefined) out.mem_apps_bytes = apps;
    const load = muninValues(loadLines).get('load');
    if (load !== undefined) out.load5 = load;
    return out;
  }

  async close(): Promise<void> {
    this.last = undefined;
  }
}
