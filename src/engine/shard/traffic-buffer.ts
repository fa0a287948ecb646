import type { Plan } from '../../scenario/plan.js';
import { redactSecrets } from '../../xmpp/redact.js';

/** Tsung's dumptraffic modes that write something (`protocol_local` is Tsung's `protocol` per node). */
export type DumpMode = 'true' | 'light' | 'protocol';

/** The run's dumptraffic mode, or null when it is off (then no buffer exists at all). */
export function dumpModeOf(plan: Plan): DumpMode | null {
  const m = plan.tsung.dumptraffic;
  if (m === 'true' || m === 'light' || m === 'protocol') return m;
  return m === 'protocol_local' ? 'protocol' : null;
}

/** `light`: this many characters of each stanza (Tsung's light dump keeps the first 100 bytes). */
export const LIGHT_CHARS = 100;

/** A shard's traffic text per interval is capped here; lines past it are counted (traffic_lines_dropped), not kept. */
export const TRAFFIC_BYTES_PER_INTERVAL = 8 * 1024 * 1024;

/**
 * One shard's dumptraffic lines for the current interval. Lines are strings in an array
 * (no I/O on the hot path); the shard takes them with its interval snapshot, and the
 * coordinator appends them to the run folder's traffic.log (src/report/traffic-file.ts):
 * a worker thread, and above all an agent on another box, has no run folder to write to.
 *
 *   true, light:  <ISO time> <user> in|out <stanza>        (light: the first 100 chars)
 *   protocol:     <ISO time> <user> request <type> <outcome> [<latency> ms]
 */
export class TrafficBuffer {
  private lines: string[] = [];
  private chars = 0;
  private dropped = 0;
  /** Dumps stanzas (true, light), or one line per request (protocol). */
  readonly stanzas: boolean;

  constructor(
    readonly mode: DumpMode,
    private readonly now: () => number,
    private readonly maxChars = TRAFFIC_BYTES_PER_INTERVAL,
  ) {
    this.stanzas = mode !== 'protocol';
  }

  /** One stanza in or out of `user`'s connection, secrets redacted. */
  stanza(user: string, dir: 'in' | 'out', data: string, password: string): void {
    let text = redactSecrets(data, password);
    if (this.mode === 'light' && text.length > LIGHT_CHARS) text = `${text.slice(0, LIGHT_CHARS)}…`;
    this.push(`${this.stamp()} ${user} ${dir} ${oneLine(text)}`);
  }

  /** One request's outcome: `ok` (with its latency), `sent` (no_ack), or an error class. */
  request(user: string, type: string, outcome: string, latencyMs?: number): void {
    const latency = latencyMs === undefined ? '' : ` ${latencyMs.toFixed(1)} ms`;
    this.push(`${this.stamp()} ${user} request ${type} ${outcome}${latency}`);
  }

  /** This interval's lines (newline-terminated), or undefined; and how many were dropped. */
  take(): { text: string | undefined; dropped: number } {
    const text = this.lines.length === 0 ? undefined : `${this.lines.join('\n')}\n`;
    const dropped = this.dropped;
    this.lines = [];
    this.chars = 0;
    this.dropped = 0;
    return { text, dropped };
  }

  private push(line: string): void {
    if (this.chars + line.length > this.maxChars) {
      this.dropped++;
      return;
    }
    this.chars += line.length + 1;
    this.lines.push(line);
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }
}

/** A stanza on one line: line breaks become the character reference they stand for. */
function oneLine(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;') : text;
}
