/**
 * Parsers of the /proc files the process and host monitors read (proc(5)). Pure: text in,
 * numbers out, so they are tested on fixed text.
 */

/** The aggregate `cpu` line of /proc/stat, in clock ticks. */
export interface CpuTicks {
  user: number;
  system: number;
  iowait: number;
  /** idle + iowait: time no task ran. */
  idle: number;
  /** Time a virtual CPU waited for its hypervisor: not this host's work. */
  steal: number;
  /** user + nice + system + idle + iowait + irq + softirq + steal (guest is inside user). */
  total: number;
}

export function parseProcStatCpu(text: string): CpuTicks {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no cpu line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    user: user + nice,
    system: system + irq + softirq,
    iowait,
    idle: idle + iowait,
    steal,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

/** Percentages of the CPU time between two readings (of all cores together); busy excludes idle, iowait and steal. */
export function cpuPercent(a: CpuTicks, b: CpuTicks): { cpu: number; cpu_user: number; cpu_system: number; cpu_iowait: number } {
  const dt = b.total - a.total;
  if (dt <= 0) return { cpu: 0, cpu_user: 0, cpu_system: 0, cpu_iowait: 0 };
  const pct = (x: number): number => round2((100 * x) / dt);
  return {
    cpu: pct(dt - (b.idle - a.idle) - (b.steal - a.steal)),
    cpu_user: pct(b.user - a.user),
    cpu_system: pct(b.system - a.system),
    cpu_iowait: pct(b.iowait - a.iowait),
  };
}

/** /proc/meminfo as bytes by field name (`MemTotal`, `MemAvailable`, ...). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m?.[1] && m[2]) out[m[1]] = Number(m[2]) * (line.endsWith('kB') ? 1024 : 1);
  }
  return out;
}

export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [load1 = NaN, load5 = NaN, load15 = NaN] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return { load1, load5, load15 };
}

/** Bytes received and sent, summed over every interface of /proc/net/dev (loopback too). */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
  }
  return { rx, tx };
}

/** TCP states as /proc/net/tcp numbers them (include/net/tcp_states.h). */
export const TCP_STATES = [
  'established',
  'syn_sent',
  'syn_recv',
  'fin_wait1',
  'fin_wait2',
  'time_wait',
  'close',
  'close_wait',
  'last_ack',
  'listen',
  'closing',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** Rows of /proc/net/tcp or tcp6: each socket's state and inode. */
export function parseTcpTable(text: string): { state: TcpState | undefined; inode: number }[] {
  const rows: { state: TcpState | undefined; inode: number }[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    rows.push({ state: TCP_STATES[parseInt(f[3] ?? '', 16) - 1], inode: Number(f[9]) });
  }
  return rows;
}

/** Counts by state, every state present (0 when none), as `tcp_<state>` series. */
export function tcpStateCounts(rows: readonly { state: TcpState | undefined }[]): Record<`tcp_${TcpState}`, number> {
  const out = Object.fromEntries(TCP_STATES.map((s) => [`tcp_${s}`, 0])) as Record<`tcp_${TcpState}`, number>;
  for (const r of rows) if (r.state) out[`tcp_${r.state}`] += 1;
  return out;
}

/** /proc/PID/stat: CPU ticks and threads. The command name may hold spaces and parentheses. */
export function parsePidStat(text: string): { utime: number; stime: number; threads: number } {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state): field N is rest[N - 3].
  return { utime: Number(rest[11]), stime: Number(rest[12]), threads: Number(rest[17]) };
}

/** VmRSS of /proc/PID/status, in bytes (0 for a zombie, which has none). */
export function parseStatusRss(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return m?.[1] ? Number(m[1]) * 1024 : 0;
}

/** The inode of a /proc/PID/fd link that points at a socket: `socket:[12345]`. */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m?.[1] ? Number(m[1]) : undefined;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
