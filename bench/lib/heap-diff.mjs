// What each added user retains in a worker: two heap snapshots (XLOAD_HEAP_SNAPSHOT, taken
// with N1 and N2 users connected) summed by constructor / type, and the difference divided
// by N2 - N1. Usage: node bench/lib/heap-diff.mjs A.heapsnapshot N1 B.heapsnapshot N2 [--top 30]
// Rows: `object Name` (instances of class/constructor Name), `closure fn`, `string`,
// `array`, `code`, `hidden`, `native ...` (V8's own types). Sizes are shallow (self) sizes:
// the per-user table says which kinds of objects add up, not who holds them.
import { readFileSync } from 'node:fs';

const [fa, na, fb, nb] = process.argv.slice(2);
const ti = process.argv.indexOf('--top');
const top = ti > 0 ? Number(process.argv[ti + 1]) : 30;

function summarize(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const F = meta.node_fields.length;
  const iType = meta.node_fields.indexOf('type');
  const iName = meta.node_fields.indexOf('name');
  const iSize = meta.node_fields.indexOf('self_size');
  const types = meta.node_types[iType];
  const { nodes, strings } = snap;
  const by = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += F) {
    const type = types[nodes[i + iType]];
    const size = nodes[i + iSize];
    let key;
    if (type === 'object' || type === 'closure' || type === 'native') key = `${type} ${strings[nodes[i + iName]]}`;
    else if (type === 'concatenated string' || type === 'sliced string') key = type;
    else key = type;
    if (key.length > 90) key = key.slice(0, 90);
    const e = by.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count++;
    by.set(key, e);
    total += size;
  }
  return { by, total };
}

const A = summarize(fa);
const B = summarize(fb);
const dn = Number(nb) - Number(na);
console.log(
  `heap (self sizes): ${(A.total / 1048576).toFixed(1)} MiB at ${na} users, ${(B.total / 1048576).toFixed(1)} MiB at ${nb}: ` +
    `${((B.total - A.total) / dn).toFixed(0)} B per added user`,
);
const rows = [];
for (const [k, b] of B.by) {
  const a = A.by.get(k) ?? { size: 0, count: 0 };
  rows.push([k, (b.size - a.size) / dn, (b.count - a.count) / dn]);
}
rows.sort((x, y) => y[1] - x[1]);
console.log('   B/user  objects/user  kind');
for (const [k, s, c] of rows.slice(0, top)) console.log(`${s.toFixed(0).padStart(9)} ${c.toFixed(2).padStart(13)}  ${k}`);
