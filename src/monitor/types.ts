/**
 * What a server monitor gives (issue 14): once per interval, plain numbers by series name,
 * read on the coordinator's event loop, never on a worker thread. Series names are
 * snake_case with their unit when it is not obvious (`cpu` is a percentage,
 * `mem_used_bytes`, `load1`, `net_rx_bytes_per_s`).
 */
export type MonitorSample = Record<string, number>;

/** One watched thing: a process, a host, an SNMP agent, a munin-node, an HTTP endpoint. */
export interface Monitor {
  /** The plan's id: series are `server.<id>.<series>`. */
  readonly id: string;
  /** One line for messages: type and address. */
  readonly label: string;
  /**
   * Reachability check at start, and the first reading that rates (CPU %) are taken from.
   * Throws MonitorUnreachableError (or MonitorRefusedError) naming the monitor.
   */
  open(): Promise<void>;
  /** One reading. Rates span the time since the previous successful reading. Throws on failure. */
  sample(): Promise<MonitorSample>;
  /** Releases sockets and timers; safe to call twice and after a failed open. */
  close(): Promise<void>;
}

/** What `MonitorSet.sample()` returns: each monitor's reading, or null for a gap. */
export interface MonitorSetSample {
  /** Wall clock (ms since the epoch) when the sampling started. */
  at: number;
  monitors: Record<string, MonitorSample | null>;
}

/** Told once when a monitor stops answering, and once when it answers again. */
export interface MonitorEvents {
  onGap?(id: string, reason: string): void;
  onRecover?(id: string, gapMs: number): void;
}
