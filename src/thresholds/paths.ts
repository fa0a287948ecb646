/**
 * The numbers a threshold may name besides latency metrics: summary.json's fields
 * (DESIGN.md contract), and which of them `rate()` and `per_s()` make sense for.
 */
export const MESSAGE_FIELDS = ['sent', 'delivered', 'lost', 'duplicated', 'in_flight'] as const;
export const USER_FIELDS = ['started', 'finished', 'failed', 'max_concurrent'] as const;

/** Every fixed path, for "did you mean" hints; `errors.<class>` and `counters.<name>` are open. */
export const FIXED_PATHS: readonly string[] = [
  ...MESSAGE_FIELDS.map((f) => `messages.${f}`),
  ...USER_FIELDS.map((f) => `users.${f}`),
  'errors',
  'duration_s',
];

/** Why a path cannot be read as a value, or undefined when it can. */
export function valuePathProblem(path: string): string | undefined {
  if (FIXED_PATHS.includes(path)) return undefined;
  if (/^(errors|counters)\.[^.].*$/.test(path)) return undefined;
  return `unknown value ${path}`;
}

/**
 * The whole a `rate()` divides by. Messages are rates of those sent, users of those started,
 * errors of operations (users started + stanzas sent: every error comes from a session
 * attempt or from something a user sent), checks passed of checks decided.
 */
export type RateBase = 'messages.sent' | 'users.started' | 'operations' | 'checks';

export function rateBaseOf(path: string): RateBase | undefined {
  if (/^messages\.(delivered|lost|duplicated|in_flight)$/.test(path)) return 'messages.sent';
  if (/^users\.(finished|failed)$/.test(path)) return 'users.started';
  if (path === 'errors' || /^errors\.[^.]/.test(path)) return 'operations';
  // `<expect>` checks (issue 16): passed of decided, all or one name.
  if (path === 'checks' || /^checks\.[^.]/.test(path)) return 'checks';
  return undefined;
}

/** `per_s()` divides a count by the run's duration; gauges and the duration itself are no counts. */
export function isCountPath(path: string): boolean {
  return valuePathProblem(path) === undefined && path !== 'duration_s' && path !== 'users.max_concurrent';
}
