/**
 * The growth of V8's young generation, process-wide (V8 reads the flag at each scavenge, in
 * every isolate). bin/xload.js stops it before anything loads, so a small run's module
 * loading and login burst keep the main thread's semi-spaces at their initial size: ~10 MiB
 * of peak RSS at 300 idle users for the same CPU (bench/README.md, "Issue 17"). Worker
 * isolates have their own cap instead (node-host.ts, WORKER_YOUNG_GENERATION_MB) and would
 * scavenge far more often without growth, so a node that starts worker threads gives it back.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor`. */
const V8_DEFAULT_GROWTH = 2;

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

export function letYoungGenerationGrow(): void {
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`);
}
