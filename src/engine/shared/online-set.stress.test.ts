/**
 * OnlineSet under real concurrency: worker threads log users in and out and pick online
 * users as fast as they can while the main thread collects the journal and applies another
 * node's changes, the way a node host does. Bounded: a fixed number of operations.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { OnlineSet } from './online-set.js';

const WORKERS = 3;
const PER_WORKER = 300; // ids each worker owns
const REMOTE = 300; // ids another node owns, applied by the main thread
const OPS = 60_000;

// Workers run plain JS: the modules under test, transpiled as they are.
const dir = mkdtempSync(join(tmpdir(), 'xload-online-stress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
for (const name of ['online-set', 'shared-lock']) {
  const src = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(dir, `${name}.js`), js);
}
writeFileSync(
  join(dir, 'worker.js'),
  `import { parentPort, workerData } from 'node:worker_threads';
import { OnlineSet } from './online-set.js';
const { buffer, lo, hi, ops, seed } = workerData;
const set = OnlineSet.attach(buffer);
let s = seed;
const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
const mine = new Map(); // id -> 0 offline, 1 connected, 2 online
const bad = [];
let picks = 0;
for (let k = 0; k < ops; k++) {
  const id = lo + Math.floor(rnd() * (hi - lo + 1));
  const r = rnd();
  const st = mine.get(id) ?? 0;
  if (r < 0.3) {
    if (st === 0) { set.setConnected(id, true); mine.set(id, 1); }
    else if (st === 1) { set.setOnline(id, true); mine.set(id, 2); }
  } else if (r < 0.4) {
    if (st === 2) { set.setOnline(id, false); mine.set(id, 1); }
  } else if (r < 0.55) {
    if (st !== 0) { set.setConnected(id, false); mine.set(id, 0); }
  } else {
    const got = set.pickOnline(id, rnd);
    if (got !== 0) picks++;
    if (!Number.isInteger(got) || got < 0 || got > set.max || got === id) bad.push('pick ' + got + ' for ' + id);
  }
}
const online = [...mine].filter(([, v]) => v === 2).map(([k]) => k);
parentPort.postMessage({ bad: bad.slice(0, 5), picks, online });
`,
);

interface Result {
  bad: string[];
  picks: number;
  online: number[];
}

describe('OnlineSet across worker threads', () => {
  it('keeps the dense index exact, picks valid, and the journal complete under contention', async () => {
    const max = WORKERS * PER_WORKER + REMOTE;
    const set = OnlineSet.create(max, true);
    const workers = Array.from(
      { length: WORKERS },
      (_, w) =>
        new Worker(join(dir, 'worker.js'), {
          workerData: { buffer: set.buffer, lo: 1 + w * PER_WORKER, hi: (w + 1) * PER_WORKER, ops: OPS, seed: 1 + w * 7919 },
        }),
    );
    const results = workers.map(
      (w) =>
        new Promise<Result>((res, rej) => {
          w.once('message', res);
          w.once('error', rej);
        }),
    );
    // Meanwhile: ship the journal (mirror = what other nodes would believe) and apply
    // another node's churn on the remote range.
    const mirror = new Map<number, number>();
    let done = false;
    void Promise.all(results).finally(() => (done = true));
    const remote = new Map<number, number>();
    let seed = 99;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let rounds = 0;
    while (!done && rounds < 100_000) {
      rounds++;
      const got = set.collect();
      for (let i = 0; i < got.length; i += 2) mirror.set(got[i]!, got[i + 1]!);
      const batch: number[] = [];
      for (let i = 0; i < 20; i++) {
        const id = WORKERS * PER_WORKER + 1 + Math.floor(rnd() * REMOTE);
        const f = rnd() < 0.5 ? 3 : 0;
        remote.set(id, f);
        batch.push(id, f);
      }
      set.apply(batch);
      await new Promise((r) => setImmediate(r));
    }
    const out = await Promise.all(results);
    await Promise.all(workers.map((w) => w.terminate()));
    const got = set.collect();
    for (let i = 0; i < got.length; i += 2) mirror.set(got[i]!, got[i + 1]!);

    expect(rounds).toBeGreaterThan(1);
    for (const r of out) expect(r.bad).toEqual([]);
    expect(out.reduce((a, r) => a + r.picks, 0)).toBeGreaterThan(1000);
    expect(set.audit()).toEqual([]);
    const expected = new Set(out.flatMap((r) => r.online));
    for (const [id, f] of remote) if (f & 2) expected.add(id);
    const actual = new Set<number>();
    for (let id = 1; id <= max; id++) if (set.isOnline(id)) actual.add(id);
    expect([...actual].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(set.onlineCount()).toBe(expected.size);
    // Every local change reached the journal: the other nodes' view equals the truth.
    for (let id = 1; id <= WORKERS * PER_WORKER; id++) expect((mirror.get(id) ?? 0) & 2, `slot ${id}`).toBe(set.isOnline(id) ? 2 : 0);
  });
});
