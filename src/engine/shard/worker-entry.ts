import { parentPort } from 'node:worker_threads';
import { serveShard } from './shard-port.js';
import { installWarningHandler } from '../../node-warnings.js';

/**
 * Worker-thread entry: receives ShardInit, runs a Shard (shard-port.ts), reports over the
 * same message protocol an agent uses. An exception that escapes a user is reported as
 * `fatal` with its stack.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');
// A worker thread has its own process object: Node's warnings there must not print raw either.
installWarningHandler(process, process.stderr);

// Developers' instruments (alloc-profile.ts), loaded only when asked for: node:inspector
// has no business in every worker's memory.
const instruments = process.env['XLOAD_ALLOC_PROF'] || process.env['XLOAD_HEAP_SNAPSHOT'] ? await import('./alloc-profile.js') : null;
const allocProfile = instruments?.startAllocProfile() ?? null;
const service = serveShard(port, {
  onDone: () => allocProfile?.stop(),
  onStop: () => instruments?.heapSnapshotAtStop(),
});

process.on('uncaughtException', (err) => service.reportFatal(err));
