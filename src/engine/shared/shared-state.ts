import { DeliveryLedger } from './delivery-ledger.js';
import { GlobalBarrier } from './global-barrier.js';
import { OnlineSet } from './online-set.js';
import { UserIdPool } from './user-ids.js';

/** The SharedArrayBuffers every shard of one run attaches to (structured-clone safe). */
export interface SharedBuffers {
  userIds: SharedArrayBuffer;
  online: SharedArrayBuffer;
  ledger: SharedArrayBuffer;
  barrier: SharedArrayBuffer;
  userIdMax: number;
  globalNumber: number;
}

/** Views over SharedBuffers: created once by the coordinator, attached in each worker. */
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

export function attachSharedState(b: SharedBuffers): SharedState {
  return {
    userIds: new UserIdPool(b.userIds, b.userIdMax),
    online: new OnlineSet(b.online, b.userIdMax),
    ledger: new DeliveryLedger(b.ledger),
    barrier: new GlobalBarrier(b.barrier, b.globalNumber),
  };
}
