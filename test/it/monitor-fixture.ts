/**
 * Helpers of the monitor integration tests (issue 14): independent readings of /proc to
 * hold the monitors' figures against, a bounded CPU burner, and spec builders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { MonitorSpec } from '../../src/scenario/plan-monitor.js';

export const POS = { line: 1, col: 1 };
/** Ports of the monitoring daemons the tests start (scripts/snmpd, scripts/munin). */
export const SNMPD = { port: 16161, dir: '/tmp/xload-snmpd-16161' };
export const MUNIN = { port: 14949, dir: '/tmp/xload-munin-14949' };

export function spec<T extends MonitorSpec['type']>(
  type: T,
  rest: Omit<Extract<MonitorSpec, { type: T }>, 'type' | 'pos' | 'id' | 'host'> & { host?: string },
): Extract<MonitorSpec, { type: T }> {
  return { type, id: type, host: '127.0.0.1', pos: POS, ...rest } as Extract<MonitorSpec, { type: T }>;
}

/** utime + stime of a pid, in clock ticks, read directly (fields 14 and 15 of stat). */
export function pidTicks(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** The host's busy and total jiffies (busy = all but idle, iowait and steal). */
export function hostJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1, 9).map(Number) ?? [];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0) - (cpu[7] ?? 0), total };
}

export function hostCpuPercent(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}

export function meminfo(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of readFileSync('/proc/meminfo', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(l);
    if (m?.[1] && m[2]) out[m[1]] = Number(m[2]) * 1024;
  }
  return out;
}

export function loadavg(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

/** A child that keeps one core busy until killed, and kills itself after maxMs anyway. */
export async function startBurner(maxMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${maxMs}; while (Date.now() < end) {}`], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

export async function stopBurner(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
