// Cost of xload's statistics on the hot path and on the wire (src/stats). Prints figures
// quoted in src/stats/hdr.ts. Run: npm run build && node --expose-gc bench/stats-hdr.mjs
import { Worker } from 'node:worker_threads';
import { build, initWebAssemblySync } from 'hdr-histogram-js';
import { ShardRecorder } from '../dist/stats/recorder.js';
import { createHistogram, decodeHistogram, encodeHistogram } from '../dist/stats/hdr.js';

const N = 2_000_000;
// Latency-like samples, 1 ms .. ~160 ms, log-spread (float ms, as the engine records them).
const samples = new Float64Array(N);
for (let i = 0; i < N; i++) samples[i] = Math.exp(Math.random() * 5);

function nsPer(fn, n) {
  fn(); // warm up the JIT
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / n;
}

const rec = new ShardRecorder();
const metrics = ['connect', 'auth', 'request.chat', 'xmpp_msg_latency'];
console.log(
  `ShardRecorder.record(): ${nsPer(() => {
    for (let i = 0; i < N; i++) rec.record(metrics[i & 3], samples[i]);
  }, N).toFixed(1)} ns/sample`,
);
console.log(
  `ShardRecorder.count():  ${nsPer(() => {
    for (let i = 0; i < N; i++) rec.count('stanzas_sent');
  }, N).toFixed(1)} ns/call`,
);
rec.takeSnapshot();

const raw = createHistogram();
console.log(
  `Histogram.recordValue (JS): ${nsPer(() => {
    for (let i = 0; i < N; i++) raw.recordValue(Math.round(samples[i] * 1000));
  }, N).toFixed(1)} ns/sample`,
);
initWebAssemblySync();
const wasm = build({
  useWebAssembly: true,
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3_600_000_000,
  numberOfSignificantValueDigits: 3,
  autoResize: false,
});
console.log(
  `Histogram.recordValue (WASM): ${nsPer(() => {
    for (let i = 0; i < N; i++) wasm.recordValue(Math.round(samples[i] * 1000));
  }, N).toFixed(1)} ns/sample`,
);
wasm.destroy();

globalThis.gc?.();
const before = process.memoryUsage();
const keep = Array.from({ length: 200 }, () => createHistogram());
globalThis.gc?.();
const after = process.memoryUsage();
const per = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / keep.length;
console.log(
  `one histogram: ${(per / 1024).toFixed(1)} KiB measured, ${(keep[0].estimatedFootprintInBytes / 1024).toFixed(1)} KiB estimated by the library`,
);

for (const n of [0, 100, 1000, 10_000, 100_000]) {
  const h = createHistogram();
  for (let i = 0; i < n; i++) h.recordValue(Math.round(samples[i] * 1000));
  const e = encodeHistogram(h);
  const R = 200;
  for (let i = 0; i < 20; i++) decodeHistogram(encodeHistogram(h)); // warm up
  let t = process.hrtime.bigint();
  for (let i = 0; i < R; i++) encodeHistogram(h);
  const encUs = Number(process.hrtime.bigint() - t) / 1000 / R;
  t = process.hrtime.bigint();
  for (let i = 0; i < R; i++) decodeHistogram(e);
  const decUs = Number(process.hrtime.bigint() - t) / 1000 / R;
  console.log(`encoded histogram, ${n} samples: ${e.length} bytes (encode ${encUs.toFixed(0)} µs, decode ${decUs.toFixed(0)} µs)`);
}

{
  const r = new ShardRecorder();
  const R = 200;
  let total = 0n;
  for (let k = 0; k < R + 20; k++) {
    for (let i = 0; i < 5000; i++) r.record(metrics[i & 3], samples[i]);
    const t = process.hrtime.bigint();
    r.takeSnapshot();
    if (k >= 20) total += process.hrtime.bigint() - t;
  }
  console.log(`takeSnapshot(), 4 metrics x 1,250 samples: ${(Number(total) / 1000 / R).toFixed(0)} µs`);
}

const s = new ShardRecorder();
for (let i = 0; i < 20_000; i++) s.record(metrics[i & 3], samples[i]);
for (const c of ['bytes_sent', 'bytes_received', 'stanzas_sent', 'stanzas_received', 'users_started']) s.count(c, 10);
s.setGauge('users_active', 500);
console.log(`snapshot, 4 metrics x 5,000 samples + 5 counters: ${JSON.stringify(s.takeSnapshot()).length} bytes as JSON`);

// The default (JS) build inside a worker thread: record there, merge here.
const worker = new Worker(
  `import('${new URL('../dist/stats/recorder.js', import.meta.url)}').then(({ ShardRecorder }) => {
     const r = new ShardRecorder();
     for (let i = 1; i <= 1000; i++) r.record('connect', i / 10);
     require('node:worker_threads').parentPort.postMessage(r.takeSnapshot());
   });`,
  { eval: true },
);
worker.once('message', (snap) => {
  const h = decodeHistogram(snap.metrics.connect);
  console.log(`worker thread (JS build): snapshot received, ${h.totalCount} samples, p50 ${h.getValueAtPercentile(50) / 1000} ms`);
  void worker.terminate();
});
