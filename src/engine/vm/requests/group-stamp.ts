/**
 * Stamps for one-to-many deliveries (MUC groupchat, pubsub notifications). One message
 * reaches N receivers, so the per-message delivery ledger (one bit per message) cannot
 * account for it; these stamps carry no sequence number. The sender counts what it sent
 * and how many receivers it expected; every receiver counts one delivery and records its
 * latency. Format, in the body (or item payload) text:
 *
 *     xloadg <run> <kind> <intended send time, epoch ms with µs>
 *
 * kind is `m` (groupchat) or `p` (pubsub item).
 */
const MARK = 'xloadg ';

export type GroupKind = 'm' | 'p';

export interface GroupStamp {
  run: string;
  kind: GroupKind;
  sentAt: number;
}

export function makeGroupBody(run: string, kind: GroupKind, intendedAt: number, size: number): string {
  const head = `${MARK}${run} ${kind} ${intendedAt.toFixed(3)} `;
  return size > head.length ? head + 'x'.repeat(size - head.length) : head;
}

/** Cheap pre-check for the inbound hot path. */
export function hasGroupStamp(raw: string): boolean {
  return raw.includes(MARK);
}

export function findGroupStamp(raw: string): GroupStamp | null {
  const at = raw.indexOf(MARK);
  if (at < 0) return null;
  const parts = raw.slice(at + MARK.length, at + MARK.length + 80).split(' ', 3);
  if (parts.length !== 3) return null;
  const kind = parts[1];
  const sentAt = Number(parts[2]);
  if ((kind !== 'm' && kind !== 'p') || !Number.isFinite(sentAt)) return null;
  return { run: parts[0]!, kind, sentAt };
}
