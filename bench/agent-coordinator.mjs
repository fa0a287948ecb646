// The coordinator's cost per agent and per interval in a distributed run (src/agent,
// src/engine/coordinator): what one agent's interval costs the coordinator's main thread,
// with realistic snapshots (6 latency metrics, 10 counters), 1,000 stamped receipts per
// agent per second, and a 100 ms online-set sync. Two measurements:
//  1. in-process: JSON decode (what gRPC hands over) + merge + global ledger + relay;
//  2. over real gRPC on loopback: N fake agents stream snapshots to one client.
// Run: npm run build && node bench/agent-coordinator.mjs
import * as grpc from '@grpc/grpc-js';
import { ShardRecorder } from '../dist/stats/recorder.js';
import { RunAggregator } from '../dist/stats/aggregate.js';
import { ClusterRelay } from '../dist/engine/coordinator/cluster-relay.js';
import { AGENT_SERVICE_NAME, agentService } from '../dist/agent/service.js';

const INTERVALS = 20;
const RECEIPTS = 1000;
const SYNCS = 10;

function snapshotMessage(shard, interval, seqBase) {
  const rec = new ShardRecorder({ now: () => 1_000 * interval, startMs: 1_000 * (interval - 1) });
  for (const m of ['connect', 'auth', 'session', 'xmpp_msg_latency', 'request.iq:roster:get', 'tr.login']) {
    for (let i = 0; i < 500; i++) rec.record(m, Math.exp(Math.random() * 5));
  }
  for (const c of [
    'users_started',
    'users_finished',
    'stanzas_sent',
    'stanzas_received',
    'bytes_sent',
    'bytes_received',
    'messages_sent',
    'messages_delivered',
    'error_no_online',
    'subscriptions_approved',
  ])
    rec.count(c, 100);
  rec.setGauge('users_active', 1000);
  const received = Array.from({ length: RECEIPTS }, (_, i) => seqBase + interval * RECEIPTS + i);
  return { type: 'snapshot', shard, snap: rec.takeSnapshot(), phase: 1, received };
}

function syncMessage(node) {
  const online = [];
  for (let i = 0; i < 20; i++) online.push(1 + node * 1000 + i, 3);
  return { type: 'sync', node, online, arrivals: 0, issued: 1000 };
}

function cpuMs(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

console.log('1. in-process: decode + merge + ledger + relay, per interval');
console.log('agents  cpu ms/interval  cpu ms/agent/interval  close ms/interval  bytes/agent/interval');
for (const [i, agents] of [4, 1, 4, 16, 64].entries()) {
  const relay = new ClusterRelay(agents, Math.floor((1 << 27) / agents));
  const agg = new RunAggregator({ intervalMs: 1000, shards: agents, startedMs: 0 });
  // Encoded once up front: the agents' cost, not the coordinator's.
  const wire = [];
  for (let k = 1; k <= INTERVALS; k++) {
    wire.push(Array.from({ length: agents }, (_, a) => agentService.control.responseSerialize(snapshotMessage(a, k, a * relay.seqSize))));
  }
  const syncs = Array.from({ length: agents }, (_, a) => agentService.control.responseSerialize(syncMessage(a)));
  let total = 0;
  let closeTotal = 0;
  for (let k = 1; k <= INTERVALS; k++) {
    total += cpuMs(() => {
      for (let a = 0; a < agents; a++) {
        const m = agentService.control.responseDeserialize(wire[k - 1][a]);
        agg.add(m.shard, m.snap);
        relay.onReceived(a, m.received);
        for (let s = 0; s < SYNCS; s++) relay.onSync(agentService.control.responseDeserialize(syncs[a]));
      }
    }).cpu;
    closeTotal += cpuMs(() => agg.closeInterval(k * 1000 + 1)).cpu;
  }
  const per = (total + closeTotal) / INTERVALS;
  if (i === 0) continue; // JIT warm-up round
  console.log(
    `${String(agents).padStart(6)}  ${per.toFixed(2).padStart(15)}  ${(per / agents).toFixed(3).padStart(21)}  ${(closeTotal / INTERVALS).toFixed(2).padStart(17)}  ${String(wire[0][0].length).padStart(20)}`,
  );
}

console.log('\n2. over gRPC on loopback: coordinator process CPU to receive and merge');
const server = new grpc.Server();
server.addService(agentService, {
  control: (call) => {
    call.on('data', (m) => {
      if (m.type !== 'init-node') return;
      const { agents, intervals } = m;
      for (let k = 1; k <= intervals; k++) {
        for (let a = 0; a < agents; a++) call.write(snapshotMessage(a, k, a * 1000000));
      }
      call.end();
    });
  },
});
const port = await new Promise((r, j) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? j(e) : r(p))),
);
const Client = grpc.makeGenericClientConstructor(agentService, AGENT_SERVICE_NAME);
console.log('agents  coordinator cpu ms/agent/interval (gRPC + decode + merge)');
for (const agents of [4, 16]) {
  // The fake agents' encoding runs in this process too: measure it apart and subtract it.
  const enc = cpuMs(() => {
    for (let k = 1; k <= INTERVALS; k++) for (let a = 0; a < agents; a++) agentService.control.responseSerialize(snapshotMessage(a, k, 0));
  }).cpu;
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const relay = new ClusterRelay(agents, 1000000);
  const agg = new RunAggregator({ intervalMs: 1000, shards: agents, startedMs: 0 });
  const c0 = process.cpuUsage();
  await new Promise((resolve) => {
    const call = client.control(new grpc.Metadata());
    let n = 0;
    call.on('data', (m) => {
      agg.add(m.shard, m.snap);
      relay.onReceived(m.shard, m.received);
      if (++n % agents === 0) agg.closeInterval((n / agents) * 1000 + 1);
    });
    call.on('end', resolve);
    call.on('error', resolve);
    call.write({ type: 'init-node', agents, intervals: INTERVALS });
  });
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 - enc;
  console.log(`${String(agents).padStart(6)}  ${(cpu / agents / INTERVALS).toFixed(3).padStart(10)}`);
  client.close();
}
server.forceShutdown();
