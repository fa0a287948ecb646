import type { RunCoordinator } from './coordinator.js';
import { lostSnapshots } from './node-tally.js';

/**
 * Nodes that went away mid-run. A lost agent is tolerated up to --max-lost-agents (its data
 * so far is kept, its users counted lost); a lost worker process or thread, or any node lost
 * before the start, fails the run.
 */
export class LostNodes {
  private readonly nodes = new Set<number>();
  private agents = 0;

  constructor(private readonly maxLostAgents: number) {}

  has(k: number): boolean {
    return this.nodes.has(k);
  }

  lose(c: RunCoordinator, k: number, why: string): void {
    if (this.nodes.has(k) || c.done.size >= c.shardCount) return;
    this.nodes.add(k);
    const { kind, name } = c.nodes[k]!.link;
    if (!c.startAt) {
      c.stop('abort', 'failed', `${kind} ${name} lost before the start: ${why}`);
      c.finish();
      return;
    }
    const users = c.tally.lose(k, why, c.relay?.connectedOn(k) ?? 0);
    // Keep what it sent; its users are lost now: take them out of the gauges, count them.
    for (const [shard, snap] of lostSnapshots(c.tally.rows[k]!.shards, users, Date.now())) {
      c.aggregator.add(shard, snap);
      c.done.add(shard);
    }
    c.opts.log(`${kind} ${name} lost: ${why}; its data up to then is kept, ${users} user(s) lost`);
    if (kind === 'agent') this.agents++;
    if (kind !== 'agent' || this.agents > this.maxLostAgents) {
      c.stop('abort', 'failed', `${kind} ${name} lost: ${why}${kind === 'agent' ? ` (--max-lost-agents ${this.maxLostAgents})` : ''}`);
    }
    c.finishIfAllDone();
  }
}
