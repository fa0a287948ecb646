import { DeliveryLedger } from './delivery-ledger.js';
import { GlobalBarrier } from './global-barrier.js';
import { createRangedPool, type IdRange } from './id-range.js';
import { OnlineSet } from './online-set.js';
import { RelayedBarrier } from './relayed-barrier.js';
import { SpacedLedger } from './spaced-ledger.js';
import { UserIdPool } from './user-ids.js';

/** The SharedArrayBuffers every shard of one node attaches to (structured-clone safe). */
export interface SharedBuffers {
  userIds: SharedArrayBuffer;
  online: SharedArrayBuffer;
  ledger: SharedArrayBuffer;
  barrier: SharedArrayBuffer;
  userIdMax: number;
  globalNumber: number;
  /**
   * Present when this node is one of several (child processes, agents): its stamped
   * sequence numbers come from [base, base + size) of the global space, receipts are
   * journaled for the coordinator, and the barrier counts arrivals relayed from other nodes.
   */
  cluster?: { seqBase: number; seqSize: number };
}

/** Views over SharedBuffers: created once per node, attached in each worker. */
export interface SharedState {
  userIds: UserIdPool;
  online: OnlineSet;
  ledger: DeliveryLedger;
  barrier: GlobalBarrier;
  /**
   * How long a leaving user stays reachable after it stopped counting as online (its
   * unavailable presence and `</stream>` wait that long): on one node, long enough for a
   * chat another thread picked it for a moment earlier to be written and routed; in a
   * multi-node run, also for the change to reach the other nodes (issue 7).
   */
  leaveGraceMs: number;
}

/**
 * A multi-node run's leave grace: the node host ships online changes every ONLINE_SYNC_MS
 * (10), the coordinator relays them at once, so other nodes know within ~15 ms on a LAN;
 * the rest is margin for a busy event loop and chats already on their way to the server.
 */
export const LEAVE_GRACE_MS = 100;

/**
 * One node's leave grace. Every thread sees the online set change at once, but a chat
 * picked just before it is still ahead of the leaver: in another worker's write batch, and
 * in the server's routing between two client sessions (ejabberd stores a chat that reaches
 * a session after its unavailable presence offline: lost). With no grace, a CI run lost one
 * chat of 720 that way (agent-online-lag.test.ts, 90 churning users on 3 workers); 30 ms
 * covers a busy loop's tick and loopback routing.
 */
export const LOCAL_LEAVE_GRACE_MS = 30;

/** 2^27 stamped messages per run (16 MiB of bitmap) before accounting stops. */
export const LEDGER_CAPACITY = 1 << 27;

/**
 * `nameSlots`: CSV user names (name-slots.ts) that get online-set slots after the user ids.
 */
export function createSharedBuffers(userIdMax: number, globalNumber: number, nameSlots = 0): SharedBuffers {
  return {
    userIds: UserIdPool.create(userIdMax).buffer,
    online: OnlineSet.create(userIdMax + nameSlots).buffer,
    ledger: DeliveryLedger.create(LEDGER_CAPACITY).buffer,
    barrier: GlobalBarrier.create(globalNumber).buffer,
    userIdMax,
    globalNumber,
  };
}

/** The tables of one node of a multi-node run: its id range, its seq space, a relayed barrier. */
export function createNodeBuffers(
  userIdMax: number,
  globalNumber: number,
  ids: IdRange,
  seq: { base: number; size: number; total: number },
  nameSlots = 0,
): SharedBuffers {
  return {
    userIds: createRangedPool(userIdMax, ids).buffer,
    // Journaled: the node host ships its changes to the other nodes (online-replica.ts).
    online: OnlineSet.create(userIdMax + nameSlots, true).buffer,
    ledger: SpacedLedger.createSpace(seq.total, seq.base, seq.size),
    barrier: RelayedBarrier.createRelayed(globalNumber).buffer,
    userIdMax,
    globalNumber,
    cluster: { seqBase: seq.base, seqSize: seq.size },
  };
}

export function attachSharedState(b: SharedBuffers): SharedState {
  const c = b.cluster;
  return {
    userIds: new UserIdPool(b.userIds, b.userIdMax),
    online: OnlineSet.attach(b.online),
    ledger: c ? new SpacedLedger(b.ledger, c.seqBase, c.seqBase + c.seqSize, true) : new DeliveryLedger(b.ledger),
    barrier: c ? new RelayedBarrier(b.barrier, b.globalNumber) : new GlobalBarrier(b.barrier, b.globalNumber),
    leaveGraceMs: c ? LEAVE_GRACE_MS : LOCAL_LEAVE_GRACE_MS,
  };
}
