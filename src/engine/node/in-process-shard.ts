import { keepYoungGenerationSmall } from './young-generation.js';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { FromShard, ToShard } from '../protocol.js';
import type { ShardService } from '../shard/shard-port.js';

/**
 * What a node host needs of the thread one shard runs on: a worker thread, or this one.
 * Messages go both ways through a port either way, cloned and delivered asynchronously,
 * so the shard and its host cannot tell the two apart (SharedArrayBuffers stay shared).
 */
export interface ShardThread {
  postMessage(m: ToShard): void;
  terminate(): Promise<unknown>;
}

export interface ShardThreadEvents {
  message(m: FromShard): void;
  fatal(message: string, stack?: string): void;
}

/**
 * One shard on the coordinator's own thread (`--workers 0`, and the default for small
 * runs): a worker isolate costs ~14 MiB of RSS and its own module compilation and timer
 * ticks, which a run of a few hundred mostly idle users does not need (bench/README.md,
 * "Issue 17"). The shard's code is imported only when such a shard starts, so a
 * coordinator that runs its shards on workers never loads the user VM.
 *
 * An exception that escapes the shard's code here would otherwise end the whole process
 * with a stack: while the shard lives, one is reported as the shard's `fatal`, as a worker
 * does, so the coordinator stops the run and writes what was collected.
 */
export class InProcessShard implements ShardThread {
  private readonly host: MessagePort;
  private readonly shardSide: MessagePort;
  private service: ShardService | null = null;
  private closed = false;
  private readonly onUncaught = (err: unknown): void => {
    if (this.service) this.service.reportFatal(err);
    else this.events.fatal(err instanceof Error ? err.message : String(err));
  };

  constructor(private readonly events: ShardThreadEvents) {
    keepYoungGenerationSmall();
    const { port1, port2 } = new MessageChannel();
    this.host = port1;
    this.shardSide = port2;
    this.host.on('message', (m: FromShard) => this.events.message(m));
    process.on('uncaughtException', this.onUncaught);
    // Messages posted before the shard listens wait in its port, as they would for a worker
    // still loading its modules.
    import('../shard/shard-port.js').then(
      ({ serveShard }) => {
        if (!this.closed) this.service = serveShard(this.shardSide);
      },
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        this.events.fatal(`the shard could not start: ${e.message}`, e.stack);
      },
    );
  }

  postMessage(m: ToShard): void {
    if (!this.closed) this.host.postMessage(m);
  }

  /** Drops the shard's users at once (their sockets destroyed) and closes the channel. */
  terminate(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    try {
      this.service?.abort();
    } finally {
      process.off('uncaughtException', this.onUncaught);
      this.host.close();
      this.shardSide.close();
    }
    return Promise.resolve();
  }
}
