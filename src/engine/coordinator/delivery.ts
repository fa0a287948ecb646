import type { DeliveryLedger } from '../shared/delivery-ledger.js';
import type { ClusterRelay } from './cluster-relay.js';
import type { InProcessLink } from './node-link.js';
import { COUNTER } from '../../stats/metric-names.js';

/** The ledger's issued count sampled at interval boundaries (epoch ms). */
export interface SeqSample {
  at: number;
  issued: number;
}

export interface DeliveryTotals {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  in_flight: number;
}

/**
 * Final delivery accounting. Every stamped message that was never received is either
 * lost or still in flight. When every session ran to its end, nobody is left to receive
 * it: lost. When the run was cut short, those sent in the last `windowMs` may still be on
 * their way: in flight; older ones are lost.
 */
export function settleDelivery(
  ledger: DeliveryLedger,
  counters: { sent: number; delivered: number; duplicated: number },
  opts: { cut: boolean; endedAt: number; windowMs: number; samples: SeqSample[] },
): DeliveryTotals {
  const issued = ledger.issued();
  const missing = ledger.countMissing(0, issued);
  let inFlight = 0;
  if (opts.cut && missing > 0) {
    const cutoff = opts.endedAt - opts.windowMs;
    let from = 0;
    for (const s of opts.samples) if (s.at <= cutoff) from = Math.max(from, s.issued);
    inFlight = ledger.countMissing(from, issued);
  }
  return {
    sent: counters.sent,
    delivered: counters.delivered,
    duplicated: counters.duplicated,
    lost: missing - inFlight,
    in_flight: inFlight,
  };
}

/** Messages sent this long before a cut-short end count as in flight, not lost. */
export const IN_FLIGHT_WINDOW_MS = 5_000;

/**
 * Where a run's delivery accounting lives: the cluster relay's global ledger when any node
 * is outside this process, else the one in-process node's ledger (sampled at each interval
 * boundary, for the in-flight window), else nowhere (child processes without a relay: none).
 */
export class DeliveryTracker {
  private readonly samples: SeqSample[] = [];

  constructor(
    private readonly relay: ClusterRelay | null,
    private readonly local: Pick<InProcessLink, 'host'> | null,
  ) {}

  /** At an interval boundary (epoch ms). */
  sample(at: number): void {
    if (this.relay) this.relay.sample(at);
    else if (this.local) this.samples.push({ at, issued: this.local.host!.state.ledger.issued() });
  }

  /** Final accounting from the run's merged counters; before the links close (the local ledger lives in its node). */
  settle(counters: Readonly<Record<string, number>>, cut: boolean, endedAt: number): DeliveryTotals {
    const counted = {
      sent: counters[COUNTER.messagesSent] ?? 0,
      delivered: counters[COUNTER.messagesDelivered] ?? 0,
      duplicated: counters[COUNTER.messagesDuplicated] ?? 0,
    };
    const opts = { cut, endedAt, windowMs: IN_FLIGHT_WINDOW_MS };
    if (this.relay) return this.relay.settle(counted.sent, opts);
    if (this.local?.host) return settleDelivery(this.local.host.state.ledger, counted, { ...opts, samples: this.samples });
    return { ...counted, lost: 0, in_flight: 0 };
  }
}
