import type { DeliveryLedger } from '../shared/delivery-ledger.js';

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
