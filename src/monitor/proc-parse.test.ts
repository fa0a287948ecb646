import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parsePidStat,
  parseProcStatCpu,
  parseStatusRss,
  parseTcpTable,
  socketInode,
  tcpStateCounts,
} from './proc-parse.js';

describe('/proc parsers', () => {
  it('cpu line: busy excludes idle, iowait and steal; guest is inside user', () => {
    const a = parseProcStatCpu('cpu  100 0 50 800 10 0 5 35 0 0\ncpu0 1 2 3\n');
    const b = parseProcStatCpu('cpu  200 0 100 1500 20 0 10 70 40 0\n');
    expect(a).toEqual({ user: 100, system: 55, iowait: 10, idle: 810, steal: 35, total: 1000 });
    // dt = 900: busy = 100 + 50 + 5 = 155.
    expect(cpuPercent(a, b)).toEqual({ cpu: 17.22, cpu_user: 11.11, cpu_system: 6.11, cpu_iowait: 1.11 });
    expect(cpuPercent(b, b).cpu).toBe(0);
  });

  it('meminfo in bytes; loadavg; net/dev sums every interface', () => {
    expect(parseMeminfo('MemTotal:       1000 kB\nMemAvailable:    250 kB\nHugePages_Total:       0\n')).toEqual({
      MemTotal: 1024000,
      MemAvailable: 256000,
      HugePages_Total: 0,
    });
    expect(parseLoadavg('0.50 1.25 2.00 1/123 4567\n')).toEqual({ load1: 0.5, load5: 1.25, load15: 2 });
    const dev = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0',
      '  eth0:     500       5    0    0    0     0          0         0      200       2    0    0    0     0       0          0',
    ].join('\n');
    expect(parseNetDev(dev)).toEqual({ rx: 1500, tx: 1200 });
  });

  it('tcp table: state by number, inode by column; counts every state', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1466 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1466 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000   107        0 4343 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    const rows = parseTcpTable(text);
    expect(rows).toEqual([
      { state: 'listen', inode: 4242 },
      { state: 'established', inode: 4343 },
    ]);
    const counts = tcpStateCounts(rows);
    expect(counts.tcp_listen).toBe(1);
    expect(counts.tcp_established).toBe(1);
    expect(counts.tcp_time_wait).toBe(0);
    expect(Object.keys(counts)).toHaveLength(11);
  });

  it('pid stat with a name holding spaces and parentheses; VmRSS; socket links', () => {
    const stat = '4321 (beam (x) y) S 1 4321 4321 0 -1 4194560 500 0 0 0 1234 567 0 0 20 0 42 0 999 100000 2500 18446744073709551615';
    expect(parsePidStat(stat)).toEqual({ utime: 1234, stime: 567, threads: 42 });
    expect(parseStatusRss('Name:\tbeam.smp\nVmRSS:\t   20480 kB\n')).toBe(20971520);
    expect(parseStatusRss('Name:\tzombie\n')).toBe(0);
    expect(socketInode('socket:[98765]')).toBe(98765);
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});
