/**
 * Developers' instruments, off unless their variable is set.
 *
 * `XLOAD_ALLOC_PROF=DIR`: V8's sampling heap
 * profiler in this worker thread, counting every sampled allocation including those the
 * young generation collects again (Node's `--heap-prof` keeps only what is still alive
 * at exit, which hides exactly the per-stanza garbage that drives scavenges). Written to
 * `DIR/alloc-<thread>-<pid>.heapprofile` just before the shard's final `done` message,
 * readable by Chrome DevTools and bench/lib/alloc-top.mjs.
 *
 * `XLOAD_HEAP_SNAPSHOT=DIR`: a heap snapshot of this worker when the coordinator says stop
 * (the users still connected), `DIR/heap-<thread>-<pid>.heapsnapshot`: what each connected
 * user retains (bench/idle-heap, bench/lib/heap-diff.mjs).
 */
import { Session } from 'node:inspector';
import { writeHeapSnapshot } from 'node:v8';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

export interface AllocProfiler {
  /** Stops sampling and writes the profile (synchronously: the thread ends soon after). */
  stop(): void;
}

/** Starts the profiler when XLOAD_ALLOC_PROF names a folder; null otherwise. */
export function startAllocProfile(env: NodeJS.ProcessEnv = process.env): AllocProfiler | null {
  const dir = env.XLOAD_ALLOC_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  // An in-thread session dispatches synchronously: the callbacks run before post() returns.
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: Number(env.XLOAD_ALLOC_PROF_INTERVAL ?? 4096),
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      session.post('HeapProfiler.stopSampling', (err, res) => {
        if (!err && res) writeFileSync(join(dir, `alloc-${threadId}-${process.pid}.heapprofile`), JSON.stringify(res.profile));
      });
      session.disconnect();
    },
  };
}

/** Writes the heap snapshot XLOAD_HEAP_SNAPSHOT asks for (once; a full GC runs first). */
export function heapSnapshotAtStop(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.XLOAD_HEAP_SNAPSHOT;
  if (!dir || snapshotTaken) return;
  snapshotTaken = true;
  writeHeapSnapshot(join(dir, `heap-${threadId}-${process.pid}.heapsnapshot`));
}
let snapshotTaken = false;
