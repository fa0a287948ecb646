import { readdir, readlink } from 'node:fs/promises';
import { READ_LIMITS, readRegularText } from '../read-regular-file.js';
import { basename } from 'node:path';
import type { ProcessMonitorSpec } from '../scenario/plan-monitor.js';
import { clockTicks } from './clock-ticks.js';
import { MonitorSampleError, MonitorUnreachableError, reasonOf } from './errors.js';
import { parsePidStat, parseStatusRss, parseTcpTable, round2, socketInode } from './proc-parse.js';
import type { Monitor, MonitorSample } from './types.js';

/**
 * A local process by pid, or every process of one name summed (`beam.smp`), from /proc:
 * `cpu` as top shows it (100 = one core busy), from utime+stime over wall time;
 * `rss_bytes`, `fds`, `threads`, `procs`, and `tcp_sockets` / `tcp_established`: its fds
 * that are TCP sockets, found by inode in its network namespace's /proc/net/tcp{,6}.
 * A name is re-resolved at each reading, so a restarted server is followed.
 */
export class ProcessMonitor implements Monitor {
  readonly id: string;
  readonly label: string;
  private ticksPerS = 100;
  private last = new Map<number, number>();
  private lastAt = 0;

  constructor(
    private readonly spec: ProcessMonitorSpec,
    private readonly proc = '/proc',
  ) {
    this.id = spec.id;
    this.label = spec.pid !== undefined ? `process pid ${spec.pid}` : `process ${spec.name ?? ''}`;
  }

  async open(): Promise<void> {
    this.ticksPerS = await clockTicks();
    try {
      await this.sample();
    } catch (err) {
      throw new MonitorUnreachableError(this.id, this.label, reasonOf(err), { cause: err });
    }
  }

  async sample(): Promise<MonitorSample> {
    const pids = await this.pids();
    if (pids.length === 0)
      throw new MonitorSampleError(
        this.id,
        `no process ${this.spec.name !== undefined ? `named ${this.spec.name}` : `with pid ${this.spec.pid}`}`,
      );
    const at = performance.now();
    const seen = new Map<number, number>();
    let dTicks = 0,
      rss = 0,
      fds = 0,
      threads = 0;
    const inodes = new Set<number>();
    for (const pid of pids) {
      try {
        const [stat, status, links] = await Promise.all([
          readRegularText(`${this.proc}/${pid}/stat`, READ_LIMITS.procFile),
          readRegularText(`${this.proc}/${pid}/status`, READ_LIMITS.procFile),
          this.fdLinks(pid),
        ]);
        const s = parsePidStat(stat);
        const ticks = s.utime + s.stime;
        seen.set(pid, ticks);
        const before = this.last.get(pid);
        if (before !== undefined) dTicks += ticks - before;
        rss += parseStatusRss(status);
        threads += s.threads;
        fds += links.length;
        for (const l of links) {
          const inode = socketInode(l);
          if (inode !== undefined) inodes.add(inode);
        }
      } catch (err) {
        // Gone between the listing and the read: it no longer counts.
        if (pids.length === 1) throw new MonitorSampleError(this.id, reasonOf(err), { cause: err });
      }
    }
    if (seen.size === 0) throw new MonitorSampleError(this.id, 'every matching process exited');
    const tcp = await this.tcpOf(seen.keys().next().value as number, inodes);
    const dt = (at - this.lastAt) / 1000;
    const cpu = this.lastAt > 0 && dt > 0 ? round2((100 * dTicks) / this.ticksPerS / dt) : 0;
    this.last = seen;
    this.lastAt = at;
    return { cpu, rss_bytes: rss, fds, threads, procs: seen.size, tcp_sockets: tcp.sockets, tcp_established: tcp.established };
  }

  async close(): Promise<void> {
    this.last.clear();
  }

  private async pids(): Promise<number[]> {
    if (this.spec.pid !== undefined) return [this.spec.pid];
    const name = this.spec.name ?? '';
    const out: number[] = [];
    for (const entry of await readdir(this.proc)) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const [comm, cmdline] = await Promise.all([
          readRegularText(`${this.proc}/${entry}/comm`, READ_LIMITS.procFile),
          readRegularText(`${this.proc}/${entry}/cmdline`, READ_LIMITS.procFile),
        ]);
        if (matches(name, comm.trimEnd(), cmdline.split('\0'))) out.push(Number(entry));
      } catch {
        // Exited while we listed /proc.
      }
    }
    return out;
  }

  private async fdLinks(pid: number): Promise<string[]> {
    const fds = await readdir(`${this.proc}/${pid}/fd`);
    const links = await Promise.all(fds.map((fd) => readlink(`${this.proc}/${pid}/fd/${fd}`).catch(() => '')));
    return links.filter((l) => l !== '');
  }

  private async tcpOf(pid: number, inodes: Set<number>): Promise<{ sockets: number; established: number }> {
    let sockets = 0,
      established = 0;
    for (const file of ['tcp', 'tcp6']) {
      const text = await readRegularText(`${this.proc}/${pid}/net/${file}`, READ_LIMITS.procFile).catch(() => '');
      for (const row of parseTcpTable(text)) {
        if (!inodes.has(row.inode)) continue;
        sockets += 1;
        if (row.state === 'established') established += 1;
      }
    }
    return { sockets, established };
  }
}

/** Interpreters whose script names the server (Prosody runs as `lua5.4 /usr/bin/prosody`). */
const INTERPRETER = /^(lua|perl|python|ruby|node|sh$|bash$)/;

/**
 * comm is cut to 15 bytes by the kernel (TASK_COMM_LEN), so a long name matches its
 * prefix; argv[0]'s basename matches, and so does an interpreter's script (argv[1]).
 */
function matches(name: string, comm: string, argv: readonly string[]): boolean {
  const argv0 = basename(argv[0] ?? '');
  if (comm === name || argv0 === name || (name.length > 15 && comm === name.slice(0, 15))) return true;
  return INTERPRETER.test(argv0) && basename(argv[1] ?? '') === name;
}
