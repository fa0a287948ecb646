// xload's process baseline: resident memory with its worker threads up and no user connected.
// For each xload command given, runs `COMMAND -f S start --workers N` on a scenario of 2 users
// against a closed loopback port (they fail at once, the phase keeps the run alive), reads
// VmRSS of the node process AT seconds in, stops it with SIGINT, and prints the median of
// RUNS; then the max RSS and wall time of `COMMAND --version` and `COMMAND -f S check`.
//   node bench/baseline-rss.mjs [--runs 3] [--workers 1] [--at 4] "node bin/xload.js" "node /tmp/old/bin/xload.js"
// Bounded: 20 s per process. No server needed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(2);
const take = (flag, dflt) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const runs = Number(take('--runs', '3'));
const workers = take('--workers', '1');
const atSec = Number(take('--at', '4'));
const commands = args.length > 0 ? args : ['node bin/xload.js'];

// A loopback port nobody listens on: bind one, note it, close it.
const port = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'xload-baseline-'));
const scenario = join(dir, 'zero.xml');
writeFileSync(
  scenario,
  `<?xml version="1.0"?>
<tsung loglevel="warning" version="1.0">
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="127.0.0.1" port="${port}" type="tcp"/></servers>
  <load><arrivalphase phase="1" duration="30" unit="second"><users arrivalrate="1" unit="second" maxnumber="2"/></arrivalphase></load>
  <options>
    <option type="ts_jabber" name="domain" value="localhost"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
  </options>
  <sessions><session name="s" probability="100" type="ts_jabber">
    <request><jabber type="connect" ack="local"/></request>
  </session></sessions>
</tsung>
`,
);

const mib = (kib) => (kib / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const vmRssKib = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

/** VmRSS (KiB) of one `start`, AT seconds in. */
async function startRss(command) {
  const [bin, ...rest] = command.split(' ');
  const out = join(dir, `run-${process.hrtime.bigint()}`);
  const child = spawn(bin, [...rest, '-f', scenario, 'start', '--workers', workers, '--out', out, '--progress', '0'], { stdio: 'ignore' });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await sleep(atSec * 1000);
  let kib = NaN;
  try {
    kib = vmRssKib(child.pid);
  } catch {
    // exited early: reported as NaN
  }
  child.kill('SIGINT');
  await new Promise((res) => child.once('exit', res));
  clearTimeout(killer);
  return kib;
}

/** Max RSS (KiB, GNU time) and wall seconds of one short command. */
function oneShot(command, extra) {
  const [bin, ...rest] = command.split(' ');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', bin, ...rest, ...extra], { encoding: 'utf8', timeout: 20_000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return { kib: Number(r.stderr.trim().split('\n').pop()), wall };
}

for (const command of commands) {
  const rss = [];
  for (let i = 0; i < runs; i++) rss.push(await startRss(command));
  const version = Array.from({ length: runs }, () => oneShot(command, ['--version']));
  const check = Array.from({ length: runs }, () => oneShot(command, ['-f', scenario, 'check']));
  console.log(`${command}
  start, ${workers} worker(s), VmRSS at ${atSec} s: ${mib(median(rss))} MiB (runs: ${rss.map(mib).join(' ')})
  --version: max RSS ${mib(median(version.map((v) => v.kib)))} MiB, ${median(version.map((v) => v.wall)).toFixed(2)} s
  check: max RSS ${mib(median(check.map((v) => v.kib)))} MiB, ${median(check.map((v) => v.wall)).toFixed(2)} s   (medians of ${runs})`);
}
rmSync(dir, { recursive: true, force: true });
