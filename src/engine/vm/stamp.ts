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
import { escapeXml } from '../../xmpp/escape.js';

/**
 * Lateness below this is the timer's own grain, not the generator behind its schedule:
 * libuv counts timers in whole ms and the shard's timer heap fires up to 0.5 ms early to
 * batch, so a thinktime ends anywhere in about (-0.5, +1) ms of its due time even on an idle
 * loop (xload_timer_lateness p99 0.64 ms, bench/README.md). A send that late is stamped with
 * the time it was sent; a later one keeps its intended time, so a stalled generator still
 * shows up as latency (no coordinated omission).
 */
export const STAMP_GRAIN_MS = 1;

/** What every stamped body starts with; also the inbound hot path's cheap pre-check. */
export const STAMP_MARK = 'xload1 ';
const MARK = STAMP_MARK;

export interface Stamp {
  run: string;
  seq: number;
  sentAt: number;
}

const pads = new Map<number, string>();

/** 'x' × n, cached per length: stamped bodies differ only in their head. */
function pad(n: number): string {
  let s = pads.get(n);
  if (s === undefined) {
    s = 'x'.repeat(n);
    if (pads.size < 256) pads.set(n, s);
  }
  return s;
}

/** `xload1 <run> `, built once per run rather than once per message. */
let prefixRun: string | null = null;
let prefix = '';

/**
 * The body text, as XML character data (the run id escaped, as the stanza carries it and
 * findStamp/readStamp compare it): callers put it in a stanza without escaping it again.
 */
export function makeStampedBody(run: string, seq: number, intendedAt: number, size: number): string {
  if (run !== prefixRun) {
    prefixRun = run;
    prefix = MARK + escapeXml(run) + ' ';
  }
  // One flat string from join() rather than a rope of `+` nodes (see chatMessage).
  HEAD[0] = prefix;
  HEAD[1] = String(seq);
  HEAD[3] = intendedAt.toFixed(3);
  HEAD[5] = '';
  const headLength = prefix.length + HEAD[1].length + HEAD[3].length + 2;
  if (size > headLength) HEAD[5] = pad(size - headLength);
  const body = HEAD.join('');
  HEAD[0] = HEAD[1] = HEAD[3] = HEAD[5] = '';
  return body;
}

const HEAD = ['', '', ' ', '', ' ', ''];

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

/** What readStamp found. One object, reused by every call: read it before the next call. */
export interface StampView {
  /** The stamp names `runId` (false: an earlier run's message, stored offline). */
  ours: boolean;
  seq: number;
  sentAt: number;
}

const view: StampView = { ours: false, seq: 0, sentAt: 0 };

/**
 * findStamp for the receive hot path: the same stamps accepted, compared with this run's
 * id in place and the numbers read digit by digit, so a delivery allocates nothing.
 */
export function readStamp(raw: string, runId: string): StampView | null {
  const at = raw.indexOf(MARK);
  if (at < 0) return null;
  const runStart = at + MARK.length;
  const runEnd = raw.indexOf(' ', runStart);
  if (runEnd < 0) return null;
  const seqEnd = raw.indexOf(' ', runEnd + 1);
  if (seqEnd < 0) return null;
  const timeEnd = raw.indexOf(' ', seqEnd + 1);
  if (timeEnd < 0) return null;
  const seq = decimal(raw, runEnd + 1, seqEnd);
  const sentAt = decimal(raw, seqEnd + 1, timeEnd);
  if (!Number.isInteger(seq) || !Number.isFinite(sentAt)) return null;
  view.ours = runEnd - runStart === runId.length && raw.startsWith(runId, runStart);
  view.seq = seq;
  view.sentAt = sentAt;
  return view;
}

/**
 * The plain decimal `ddd[.ddd]` in raw[from, to), as Number() reads it: digits are summed
 * as an integer and divided once by a power of ten, which rounds exactly like Number()
 * while the digits fit in 2^53. Anything else falls back to Number() on the slice.
 */
function decimal(raw: string, from: number, to: number): number {
  let n = 0;
  let scale = 0;
  let dot = false;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (dot) scale++;
    } else if (c === 46 && !dot && i > from && i + 1 < to) {
      dot = true;
    } else {
      return Number(raw.slice(from, to));
    }
  }
  if (n > Number.MAX_SAFE_INTEGER || scale > 22) return Number(raw.slice(from, to));
  return scale === 0 ? n : n / 10 ** scale;
}
