// Where a worker's allocations come from: a sampling heap profile written with
// XLOAD_ALLOC_PROF=DIR (src/engine/shard/alloc-profile.ts, garbage included), summed by
// allocating function (with its two callers) and by file.
// Usage: node bench/lib/alloc-top.mjs DIR/alloc-*.heapprofile [--per N] [--top 25]
//   --per N: also print bytes per unit (e.g. N = stanzas in+out of the run).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const per = opt('--per', 0);
const top = opt('--top', 25);
const p = JSON.parse(readFileSync(file, 'utf8'));

const short = (cf) => {
  const f = cf.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/').replace(/^node:/, '');
  return `${cf.functionName || '(anon)'} ${f ? `${f}:${cf.lineNumber + 1}` : ''}`.trim();
};
const sites = new Map();
const files = new Map();
let total = 0;
const walk = (node, chain) => {
  const here = short(node.callFrame);
  const path = [...chain, here];
  if (node.selfSize > 0) {
    total += node.selfSize;
    const key = path.slice(-3).reverse().join('  <  ');
    sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    // Attribute builtins ('(anon)' with no file, e.g. toString, slice) to the nearest JS file.
    const owner = [...path].reverse().find((s) => /\.(m?js):\d+$/.test(s)) ?? here;
    const f = owner.replace(/^\S+ /, '').replace(/:\d+$/, '');
    files.set(f, (files.get(f) ?? 0) + node.selfSize);
  }
  for (const c of node.children) walk(c, path);
};
walk(p.head, []);
const fmt = (b) => (per ? `${(b / per).toFixed(0).padStart(7)} B/unit` : '') + `${(b / 1048576).toFixed(1).padStart(9)} MiB`;
console.log(
  `allocated (sampled estimate) ${(total / 1048576).toFixed(1)} MiB` +
    (per ? `, ${(total / per).toFixed(0)} B per unit (${per} units)` : ''),
);
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, b]) => console.log(`${fmt(b)} ${((100 * b) / total).toFixed(1).padStart(5)}%  ${k}`));
console.log('-- by allocating function  <  caller  <  caller');
show(sites);
console.log('-- by file (builtins charged to the nearest JS caller)');
show(files);
