import type { FromShard } from '../protocol.js';
import type { RunCoordinator } from './coordinator.js';
import { runOnceFailure, runOnceStart } from './console-lines.js';

/** What the coordinator does with each message from node `k`'s shards. */
export function handleMessage(c: RunCoordinator, k: number, m: FromShard): void {
  switch (m.type) {
    case 'ready':
      c.ready.add(m.shard);
      if (c.ready.size === c.shardCount && c.phase === 'opening') allReady(c);
      return;
    case 'setup-done':
      if (c.phase !== 'setup') return;
      // The run-once sessions' stats get an interval of their own, before the load's.
      c.closeInterval('setup', Date.now());
      if (m.failed) {
        c.stop('abort', 'failed', runOnceFailure(m.failed));
        c.finish();
        return;
      }
      c.opts.log(
        `run-once: done in ${((Date.now() - c.setupAt) / 1000).toFixed(1)} s${
          m.tolerated
            ? ` (errors of no_ack requests, gone on after: ${Object.entries(m.tolerated)
                .map(([e, n]) => `${e} ×${n}`)
                .join(', ')})`
            : ''
        }; starting the load`,
      );
      c.startLoad();
      return;
    case 'snapshot':
    case 'done':
      if (c.lost.has(k)) return;
      c.aggregator.add(m.shard, m.snap);
      c.tally.add(k, m.shard, m.snap);
      if (m.received && c.relay) c.tally.addCross(k, c.relay.onReceived(k, m.received));
      if (m.type === 'snapshot') c.loadPhase = Math.max(c.loadPhase, m.phase);
      else {
        c.done.add(m.shard);
        c.finishIfAllDone();
      }
      return;
    case 'sync':
      for (const r of c.relay?.onSync(m) ?? []) if (!c.lost.has(r.node)) c.nodes[r.node]!.link.send(r.msg);
      return;
    case 'log':
      c.opts.log(`shard ${m.shard}: ${m.message}`);
      return;
    case 'abort':
      c.stop('abort', 'aborted', m.reason);
      return;
    case 'refused':
      c.stop('abort', 'failed', `${c.nodes[k]!.link.kind} ${c.nodes[k]!.link.name} refused the run: ${m.message}`);
      if (!c.startAt) c.finish();
      return;
    case 'fatal':
      c.opts.log(`bug in xload: shard ${m.shard} crashed: ${m.stack ?? m.message}`);
      c.stop('abort', 'failed', `shard ${m.shard} crashed: ${m.message}`);
      return;
    case 'pong':
      return;
  }
}

/** Every shard is ready: the run-once sessions first (when the plan has any), else the load. */
function allReady(c: RunCoordinator): void {
  c.setPhase('ready');
  const runOnce = c.plan.runOnce ?? [];
  if (runOnce.length === 0) {
    c.startLoad();
    return;
  }
  // Once across the cluster: on the first shard of node 0 (this process when it runs load).
  c.setPhase('setup');
  c.setupAt = Date.now();
  c.opts.log(runOnceStart(runOnce, c.nodes[0]!.link));
  c.nodes[0]!.link.send({ type: 'setup', shard: c.shares[0]!.shards.first });
}
