// CPU of a command's process tree over time, for bench/throughput-ceiling's steady window.
// Usage: node bench/lib/tree-cpu.mjs --json OUT -- CMD ARGS...
// Every 500 ms sums utime+stime+cutime+cstime (/proc/PID/stat) over the live descendants
// of CMD, CMD itself left out (it is bench/lib/measure.mjs, whose own sampling is not the
// generator's work; what it waits for lands in its cutime only at the end). Writes
// { series: [[epoch ms, cpu s], ...] } to OUT; exits with CMD's status.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const out = argv[argv.indexOf('--json') + 1];
const TICK = 100; // USER_HZ on Linux
const child = spawn(argv[sep + 1], argv.slice(sep + 2), { stdio: 'inherit' });

function treeCpu(root) {
  const kids = new Map();
  const ticks = new Map();
  for (const d of readdirSync('/proc')) {
    if (d.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
      // fields 14-17 (utime stime cutime cstime) are f[11..14]
      ticks.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  const stack = [...(kids.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    sum += ticks.get(pid) ?? 0;
    for (const k of kids.get(pid) ?? []) stack.push(k);
  }
  return sum / TICK;
}

const series = [];
const timer = setInterval(() => series.push([Date.now(), treeCpu(child.pid)]), 500);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => {
  clearInterval(timer);
  writeFileSync(out, JSON.stringify({ series }));
  process.exit(code ?? 128);
});
