import { parentPort } from 'node:worker_threads';
import { PROTOCOL_VERSION, type FromShard, type ToShard } from '../protocol.js';
import { Shard } from './shard.js';
import { installWarningHandler } from '../../node-warnings.js';

/**
 * Worker-thread entry: receives ShardInit, runs a Shard, reports over the same message
 * protocol an agent uses. Any exception that escapes a user is a bug in xload: reported
 * as `fatal` with its stack, so the coordinator still writes what was collected.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');
// A worker thread has its own process object: Node's warnings there must not print raw either.
installWarningHandler(process, process.stderr);

let shard: Shard | null = null;
// Developers' instruments (alloc-profile.ts), loaded only when asked for: node:inspector
// has no business in every worker's memory.
const instruments = process.env['XLOAD_ALLOC_PROF'] || process.env['XLOAD_HEAP_SNAPSHOT'] ? await import('./alloc-profile.js') : null;
const allocProfile = instruments?.startAllocProfile() ?? null;
const post = (m: FromShard) => {
  if (m.type === 'done') allocProfile?.stop();
  port.postMessage(m);
};

port.on('message', (m: ToShard) => {
  try {
    if (m.type === 'init') {
      if (m.protocol !== PROTOCOL_VERSION) {
        post({ type: 'fatal', shard: m.shard.index, message: `protocol ${m.protocol} != ${PROTOCOL_VERSION}` });
        return;
      }
      shard = new Shard(m, post);
      post({ type: 'ready', shard: m.shard.index });
    } else if (m.type === 'start') {
      shard?.start(m.startAt);
    } else if (m.type === 'stop') {
      instruments?.heapSnapshotAtStop();
      shard?.stop(m.mode);
    } else if (m.type === 'setup') {
      shard?.runSetup();
    } else if (m.type === 'clock') {
      shard?.setClockOffset(m.offsetMs);
    }
  } catch (err) {
    reportFatal(err);
  }
});

process.on('uncaughtException', reportFatal);

function reportFatal(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  post({ type: 'fatal', shard: shard?.shardIndex ?? -1, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
}
