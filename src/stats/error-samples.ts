/**
 * The first few occurrences of each error class, so a user can see which request failed
 * and what the server said, not only a count. Built in the worker (src/engine/vm/
 * error-sample.ts), capped per class per interval by the recorder, merged by the
 * aggregator and the run totals keeping the earliest, written to stats.ndjson and
 * summary.json as they are here.
 */

/** One occurrence of an error class. */
export interface ErrorSample {
  /** Jabber request type (`muc:join`, `pubsub:create`, `auth_sasl`, ...) of the request that failed; null if none. */
  request: string | null;
  /** The request's place in the scenario, `file:line:col`; null if none. */
  where: string | null;
  /** Login name of the user. */
  user: string;
  /** Epoch ms the error happened. */
  at: number;
  /** xload's one-line message for the error. */
  message: string;
  /** The server's element verbatim (passwords redacted, cut at ~2 KB); null when the error had none (a timeout). */
  server: string | null;
}

/** Samples kept per error class: per interval on a shard, per interval merged, over the run. */
export const SAMPLES_PER_CLASS = 3;

/** Characters of the server's element kept in a sample. */
export const SAMPLE_SERVER_MAX = 2048;

export type ErrorSamples = Record<string, ErrorSample[]>;

/** Adds `from`'s samples to `into`, keeping for each class the first SAMPLES_PER_CLASS by time. */
export function mergeErrorSamples(into: ErrorSamples, from: ErrorSamples | undefined): void {
  if (from === undefined) return;
  for (const [cls, list] of Object.entries(from)) {
    const kept = (into[cls] ??= []);
    addSamples(kept, list);
  }
}

/** Adds `list` to `kept` (one class), keeping the first SAMPLES_PER_CLASS by time. */
export function addSamples(kept: ErrorSample[], list: readonly ErrorSample[]): void {
  for (const s of list) {
    if (kept.length >= SAMPLES_PER_CLASS && s.at >= kept[kept.length - 1]!.at) continue;
    kept.push(s);
    kept.sort((a, b) => a.at - b.at);
    if (kept.length > SAMPLES_PER_CLASS) kept.length = SAMPLES_PER_CLASS;
  }
}
