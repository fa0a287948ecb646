import type { FromShard, ToShard } from '../protocol.js';
import { NodeHost, type NodeHostOptions } from '../node/node-host.js';

/** What a link reports back to the coordinator. */
export interface LinkHandlers {
  message(m: FromShard): void;
  /** The node is gone (process exit, channel closed, heartbeats missed); said once. */
  lost(why: string): void;
}

/**
 * The shard transport: how the coordinator reaches one node. Same ToShard/FromShard
 * messages whether the node is this process (InProcessLink), a child process
 * (ProcessLink) or an agent on another box (AgentLink, over gRPC).
 */
export interface NodeLink {
  readonly kind: 'local' | 'process' | 'agent';
  /** For messages: "local", "process 2", "agent 10.0.0.5:7911". */
  readonly name: string;
  /** The node's one shard runs on the coordinator's main thread (`--workers 0`), no worker. */
  readonly mainThread?: boolean;
  listen(h: LinkHandlers): void;
  send(m: ToShard): void;
  /** Ends the node's part (its threads are terminated) and the channel. */
  close(): Promise<void>;
}

/** The coordinator's own worker threads (or its one shard on its own thread): the NodeHost lives in this process. */
export class InProcessLink implements NodeLink {
  readonly kind = 'local' as const;
  readonly name = 'local';
  host: NodeHost | null = null;
  private h: LinkHandlers | null = null;

  readonly mainThread: boolean;

  constructor(private readonly opts: NodeHostOptions = {}) {
    this.mainThread = opts.inProcess === true;
  }

  listen(h: LinkHandlers): void {
    this.h = h;
  }

  send(m: ToShard): void {
    if (m.type === 'init-node') {
      this.host = new NodeHost(m, (out) => this.h?.message(out), this.opts);
    } else {
      this.host?.handle(m);
    }
  }

  async close(): Promise<void> {
    await this.host?.close();
  }
}
