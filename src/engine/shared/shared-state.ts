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
}

/** 2^27 stamped messages per run (16 MiB of bitmap) before accounting stops. */
export const LEDGER_CAPACITY = 1 << 27;

export function createSharedBuffers(userIdMax: number, globalNumber: number): SharedBuffers {
  return {
    userIds: UserIdPool.create(userIdMax).buffer,
    online: OnlineSet.create(userIdMax).buffer,
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
): SharedBuffers {
  return {
    userIds: createRangedPool(userIdMax, ids).buffer,
    online: OnlineSet.create(userIdMax).buffer,
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
    online: new OnlineSet(b.online, b.userIdMax),
    ledger: c ? new SpacedLedger(b.ledger, c.seqBase, c.seqBase + c.seqSize, true) : new DeliveryLedger(b.ledger),
    barrier: c ? new RelayedBarrier(b.barrier, b.globalNumber) : new GlobalBarrier(b.barrier, b.globalNumber),
  };
}
