/**
 * The names of xload's histograms and of the counters other layers read (summary.json,
 * the report, thresholds, compare): one module, so a name is spelled once and a reader
 * finds every metric here. DESIGN.md's contract lists the documented ones.
 */

/** Histograms (ms). */
export const METRIC = {
  /** Socket open, TLS included. */
  connect: 'connect',
  /** SASL or legacy auth round trip. */
  auth: 'auth',
  /** The whole user session, as Tsung. */
  session: 'session',
  /** A run-once session (before the load). */
  runOnce: 'run_once',
  /** Stamped one-to-one message: intended send time to receipt. */
  msgLatency: 'xmpp_msg_latency',
  /** A stamped message the server stored and delivered later (XEP-0203 delay). */
  msgOfflineLatency: 'xmpp_msg_offline_latency',
  mucMsgLatency: 'muc_msg_latency',
  pubsubMsgLatency: 'pubsub_msg_latency',
  /** Drop to usable session (reconnect waves), and drop to resumed (XEP-0198). */
  reconnect: 'reconnect',
  smResume: 'sm_resume',
  /** The generator's own health (stats/loop-delay.ts). */
  loopDelay: 'xload_loop_delay',
  gcPause: 'xload_gc_pause',
  timerLateness: 'xload_timer_lateness',
} as const;

/** Counters that more than one layer reads. */
export const COUNTER = {
  bytesSent: 'bytes_sent',
  bytesReceived: 'bytes_received',
  stanzasSent: 'stanzas_sent',
  stanzasReceived: 'stanzas_received',
  messagesSent: 'messages_sent',
  messagesDelivered: 'messages_delivered',
  messagesDeliveredOffline: 'messages_delivered_offline',
  messagesDuplicated: 'messages_duplicated',
  messagesForeign: 'messages_foreign',
  usersStarted: 'users_started',
  usersFinished: 'users_finished',
  usersFailed: 'users_failed',
  usersInterrupted: 'users_interrupted',
  usersRefusedMaxusers: 'users_refused_maxusers',
  /** A user ran out of its op budget in one turn and yielded its worker (vm/op-loop.ts). */
  vmYields: 'vm_yields',
  /** ms the worker's event loop was busy in the interval (stats/loop-delay.ts). */
  loopBusyMs: 'xload_loop_busy_ms',
} as const;

const requestMetrics = new Map<string, string>();

/** `request.<jabber type>`: request to matched reply, built once per type. */
export function requestMetric(type: string): string {
  let m = requestMetrics.get(type);
  if (m === undefined) requestMetrics.set(type, (m = `request.${type}`));
  return m;
}

/** `tr.<transaction name>`. */
export function transactionMetric(name: string): string {
  return `tr.${name}`;
}

/** `story.<name>`: a `<story>` run that passed, logins included (vm/story-run.ts). */
export function storyMetric(name: string): string {
  return `story.${name}`;
}

/** `story_login.<name>`: a story run's start to all its users logged in. */
export function storyLoginMetric(name: string): string {
  return `story_login.${name}`;
}

/** `stories_passed.<name>` / `stories_failed.<name>`: story runs by outcome. */
export function storyCounter(outcome: 'passed' | 'failed', name: string): string {
  return `stories_${outcome}.${name}`;
}

/**
 * `<expect>` checks (issue 16) are counted as counters named by the check, so they merge
 * across workers and agents like every counter; summary.json gathers them into `checks`.
 */
export const CHECK_PASS_PREFIX = 'check_pass.';
export const CHECK_FAIL_PREFIX = 'check_fail.';

const checkCounters = new Map<string, readonly [pass: string, fail: string, latency: string]>();

/**
 * The pass and fail counters of one check and its latency metric `check.<name>` (the
 * request's send to the stanza that passed it), built once per name.
 */
export function checkCounterNames(name: string): readonly [pass: string, fail: string, latency: string] {
  let c = checkCounters.get(name);
  if (c === undefined) checkCounters.set(name, (c = [CHECK_PASS_PREFIX + name, CHECK_FAIL_PREFIX + name, `check.${name}`]));
  return c;
}
