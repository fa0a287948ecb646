// Where a V8 CPU profile's time goes: self time per function and per file.
// Usage: node --cpu-prof --cpu-prof-dir=DIR bin/xload.js -f S start ...   (one file per thread)
//        node bench/lib/profile-top.mjs DIR/CPU....cpuprofile [N=25]
// Caveat: samples are wall-clock: a thread preempted inside a syscall (a loopback write wakes
// the server, which shares the cores) is charged to that syscall's JS frame.
import { readFileSync } from 'node:fs';

const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 25);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const perNode = new Map();
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  perNode.set(p.samples[i], (perNode.get(p.samples[i]) ?? 0) + dt);
  total += dt;
}
const fns = new Map();
const files = new Map();
for (const [id, t] of perNode) {
  const cf = byId.get(id).callFrame;
  const file = cf.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/') || cf.functionName;
  const fn = `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + t);
  files.set(file, (files.get(file) ?? 0) + t);
}
const idleKey = [...fns.keys()].find((k) => k.startsWith('(idle)'));
const busy = total - (idleKey ? fns.get(idleKey) : 0);
if (idleKey) {
  fns.delete(idleKey);
  files.delete('(idle)');
}
console.log(`profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s`);
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, t]) =>
      console.log(`${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / busy).toFixed(1).padStart(5)}% of busy  ${k}`),
    );
console.log('-- by function (self time)');
show(fns);
console.log('-- by file');
show(files);
