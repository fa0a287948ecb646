import { PROTOCOL_VERSION, type FromShard, type ToShard } from '../protocol.js';
import { Shard } from './shard.js';

/** The end of a message channel a shard listens on: a worker's parentPort, or a MessagePort. */
export interface ShardPort {
  on(event: 'message', listener: (m: ToShard) => void): unknown;
  postMessage(m: FromShard): void;
}

/** What the side that owns the shard's thread can do besides sending messages. */
export interface ShardService {
  /** Drops every user at once, as terminating a worker would (their sockets destroyed). */
  abort(): void;
  /** Reports an exception that escaped the shard's code as `fatal`, with its stack. */
  reportFatal(err: unknown): void;
}

export interface ShardServeOptions {
  /** Called before a `done` message is posted, and before a stop (worker-entry's instruments). */
  onDone?: () => void;
  onStop?: () => void;
}

/**
 * Serves one shard over the ToShard/FromShard protocol: the same code whether the shard
 * runs on a worker thread (worker-entry.ts) or on the coordinator's own thread
 * (in-process-shard.ts, for small runs that do not need another isolate). Any exception
 * from a message handler is a bug in xload: reported as `fatal` with its stack, so the
 * coordinator still writes what was collected.
 */
export function serveShard(port: ShardPort, opts: ShardServeOptions = {}): ShardService {
  let shard: Shard | null = null;
  const post = (m: FromShard): void => {
    if (m.type === 'done') opts.onDone?.();
    port.postMessage(m);
  };
  const reportFatal = (err: unknown): void => {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'fatal', shard: shard?.shardIndex ?? -1, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
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
        opts.onStop?.();
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
  return {
    abort: () => shard?.stop('abort'),
    reportFatal,
  };
}
