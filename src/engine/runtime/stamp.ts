/**
 * Stamps on messages whose delivery xload accounts for. The stamp goes in the body text,
 * like Tsung's, so it survives any server's re-serialisation of the stanza and works the
 * same for chat, groupchat and pubsub payloads:
 *
 *     xload1 <run> <seq> <intended send time, epoch ms with µs>
 *
 * `run` keeps messages of an earlier run (offline storage delivers them at the next
 * login) out of this run's accounting.
 */
/** What every stamped body starts with; also the inbound hot path's cheap pre-check. */
export const STAMP_MARK = 'xload1 ';
const MARK = STAMP_MARK;

export interface Stamp {
  run: string;
  seq: number;
  sentAt: number;
}

export function makeStampedBody(run: string, seq: number, intendedAt: number, size: number): string {
  const head = `${MARK}${run} ${seq} ${intendedAt.toFixed(3)} `;
  return size > head.length ? head + 'x'.repeat(size - head.length) : head;
}

/** Finds a stamp anywhere in a received stanza's text; null when there is none. */
export function findStamp(raw: string): Stamp | null {
  const at = raw.indexOf(MARK);
  if (at < 0) return null;
  const end = raw.indexOf(' ', raw.indexOf(' ', raw.indexOf(' ', at + MARK.length) + 1) + 1);
  if (end < 0) return null;
  const parts = raw.slice(at + MARK.length, end).split(' ');
  if (parts.length !== 3) return null;
  const seq = Number(parts[1]);
  const sentAt = Number(parts[2]);
  if (!Number.isInteger(seq) || !Number.isFinite(sentAt)) return null;
  return { run: parts[0]!, seq, sentAt };
}
