// Resident memory a module costs per worker thread. For each module (and for none), a fresh
// node process starts N workers that import it and reports its RSS growth; the figure is
// (growth with the module - growth with none) / N, median of 3 processes.
//   node bench/worker-import-rss.mjs ./dist/stats/hdr.js hdr-histogram-js [--workers 4]
// Bounded: 30 s per child process.
import { Worker } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(2);
const take = (flag, dflt) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const n = Number(take('--workers', '4'));
const one = take('--one', undefined);

if (one !== undefined) {
  // Child: RSS growth from starting n workers that import `one` ('' = nothing).
  const code = `
    const { parentPort } = require('node:worker_threads');
    (async () => { if (${JSON.stringify(one)}) await import(${JSON.stringify(one)}); parentPort.postMessage('ready'); })();
    parentPort.on('message', () => process.exit(0));`;
  await sleep(200);
  const before = process.memoryUsage().rss;
  const workers = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(code, { eval: true });
    await new Promise((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
    workers.push(w);
  }
  await sleep(500);
  console.log(process.memoryUsage().rss - before);
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const growth = (spec) => {
  const runs = [0, 1, 2].map(() =>
    Number(execFileSync(process.execPath, [self, '--one', spec, '--workers', String(n)], { timeout: 30_000 }).toString()),
  );
  return runs.sort((a, b) => a - b)[1];
};
const resolveSpec = (m) => (m.startsWith('.') || m.startsWith('/') ? pathToFileURL(m).href : m);
const base = growth('');
console.log(`a worker importing nothing: ${(base / n / 1048576).toFixed(1)} MiB`);
for (const m of args) {
  const g = growth(resolveSpec(m));
  console.log(`${m}: +${((g - base) / n / 1048576).toFixed(1)} MiB per worker (median of 3, ${n} workers)`);
}
