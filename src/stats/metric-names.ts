/**
 * The names of xload's histograms, counters and gauges: one module, so a name is spelled
 * once and a reader finds every metric here. They are part of the output contract
 * (summary.json, stats.ndjson, the report, thresholds, compare): a name changes here or
 * nowhere. DESIGN.md's contract lists the documented ones. Families named per request
 * type, transaction, story, check, session, SASL mechanism or error class are built by the
 * functions below. metric-names.test.ts fails when a name is spelled as a literal at a
 * count(), record(), setGauge() or observe() call, or in a counters['...'] read.
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
  /** The generator's own health (stats/loop-delay.ts): how late a timer of the worker's event loop ran, one sample per tick. */
  loopDelay: 'xload_loop_delay',
  /** The worker isolate's garbage-collection pauses, one sample per GC. */
  gcPause: 'xload_gc_pause',
  /**
   * How late users' thinktime timers fired, one sample per wake-up. A stamped message sent
   * then carries the due time (no coordinated omission), so this lateness is part of its
   * xmpp_msg_latency that the generator, not the server, added.
   */
  timerLateness: 'xload_timer_lateness',
} as const;

/** Counters: counts added per interval, summed over shards and over the run. */
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
  /** Chats past the delivery ledger's capacity, sent unstamped (shared/delivery-ledger.ts). */
  messagesUntracked: 'messages_untracked',
  /** Stamped chats sent to an offline user (delivered later, as `messages_delivered_offline`). */
  messagesSentOffline: 'messages_sent_offline',
  /** Deliveries a node saw of messages sent from another node (coordinator/node-tally.ts). */
  messagesFromOtherNodes: 'messages_from_other_nodes',
  usersStarted: 'users_started',
  usersFinished: 'users_finished',
  usersFailed: 'users_failed',
  usersInterrupted: 'users_interrupted',
  usersRefusedMaxusers: 'users_refused_maxusers',
  /** Users that were active on a node the coordinator lost (coordinator/node-tally.ts). */
  usersLost: 'users_lost',
  /** Run-once sessions (before the load), counted apart from users. */
  runOnceStarted: 'run_once_started',
  runOnceFinished: 'run_once_finished',
  runOnceFailed: 'run_once_failed',
  runOnceInterrupted: 'run_once_interrupted',
  /** A user ran out of its op budget in one turn and yielded its worker (vm/op-loop.ts). */
  vmYields: 'vm_yields',
  /**
   * ms the worker's event loop spent busy (not waiting in epoll) in the interval, from
   * perf_hooks' event-loop utilisation (stats/loop-delay.ts). Over the interval's length it
   * is how much of its one core the worker used: near 100% the generator, not the server,
   * sets the pace.
   */
  loopBusyMs: 'xload_loop_busy_ms',
  /** dumptraffic lines a shard dropped because its buffer was full. */
  trafficLinesDropped: 'traffic_lines_dropped',
  connectRetries: 'connect_retries',
  /** `<match>` rules: matched, not matched, and a match that restarted its wait. */
  match: 'match',
  nomatch: 'nomatch',
  matchRestart: 'match_restart',
  /** A request's destination could not be chosen (vm/requests/destination.ts, roster.ts). */
  errorNoOnline: 'error_no_online',
  errorNoOffline: 'error_no_offline',
  errorNoRandom: 'error_no_random',
  errorNoPrevious: 'error_no_previous',
  errorNoRosterContact: 'error_no_roster_contact',
  subscriptionsApproved: 'subscriptions_approved',
  carbonsReceived: 'carbons_received',
  mamResultsReceived: 'mam_results_received',
  forwardedReceived: 'forwarded_received',
  mucRoomsCreated: 'muc_rooms_created',
  mucMessagesSent: 'muc_messages_sent',
  mucDeliveriesExpected: 'muc_deliveries_expected',
  mucDeliveries: 'muc_deliveries',
  mucHistoryReceived: 'muc_history_received',
  pubsubBadOptions: 'pubsub_bad_options',
  pubsubPublished: 'pubsub_published',
  pubsubDeliveries: 'pubsub_deliveries',
  pubsubReplayed: 'pubsub_replayed',
  /** Reconnect waves (vm/requests/reconnect.ts). */
  connectionsDropped: 'connections_dropped',
  reconnects: 'reconnects',
  reconnectAttempts: 'reconnect_attempts',
  reconnectAttemptsFailed: 'reconnect_attempts_failed',
  reconnectGaveUp: 'reconnect_gave_up',
  /** Stream management (XEP-0198, vm/requests/sm*.ts). */
  smEnabled: 'sm_enabled',
  smResumed: 'sm_resumed',
  smResumeFailed: 'sm_resume_failed',
  smReplayed: 'sm_replayed',
  smUnackedAtDrop: 'sm_unacked_at_drop',
  smUnackedLost: 'sm_unacked_lost',
  smRequestsAuto: 'sm_requests_auto',
  smAcksReceived: 'sm_acks_received',
  messagesLostSmFailed: 'messages_lost_sm_failed',
} as const;

/** Gauges: levels, a shard's latest at each interval boundary, summed over shards. */
export const GAUGE = {
  usersActive: 'users_active',
  usersConnected: 'users_connected',
} as const;

/** How a session ended, or that it started: the four `users_*` / `run_once_*` counters. */
export type SessionCount = 'started' | 'finished' | 'failed' | 'interrupted';

const SESSION_COUNTERS: Readonly<Record<SessionCount, readonly [user: string, runOnce: string]>> = {
  started: [COUNTER.usersStarted, COUNTER.runOnceStarted],
  finished: [COUNTER.usersFinished, COUNTER.runOnceFinished],
  failed: [COUNTER.usersFailed, COUNTER.runOnceFailed],
  interrupted: [COUNTER.usersInterrupted, COUNTER.runOnceInterrupted],
};

/** `users_<what>`, or `run_once_<what>` for a run-once session. */
export function sessionCounter(runOnce: boolean, what: SessionCount): string {
  return SESSION_COUNTERS[what][runOnce ? 1 : 0];
}

/** `users_started.<session>` / `users_failed.<session>`: users by session name. */
export function sessionUsersCounter(what: 'started' | 'failed', session: string): string {
  return `${what === 'started' ? COUNTER.usersStarted : COUNTER.usersFailed}.${session}`;
}

/** `reconnect_attempts_failed.<error class>`: a failed reconnect attempt by why. */
export function reconnectFailedCounter(errorClass: string): string {
  return `${COUNTER.reconnectAttemptsFailed}.${errorClass}`;
}

const saslLoginCounters = new Map<string, string>();
const saslBindingCounters = new Map<string, string>();

function cached(names: Map<string, string>, prefix: string, what: string): string {
  let n = names.get(what);
  if (n === undefined) names.set(what, (n = `${prefix}${what}`));
  return n;
}

/** `sasl_logins.<MECHANISM>`: SASL logins by mechanism, built once per mechanism. */
export function saslLoginCounter(mechanism: string): string {
  return cached(saslLoginCounters, 'sasl_logins.', mechanism);
}

/** `sasl_channel_binding.<type>`: -PLUS logins by channel-binding type, built once per type. */
export function saslChannelBindingCounter(binding: string): string {
  return cached(saslBindingCounters, 'sasl_channel_binding.', binding);
}

/** The prefixes of the latency families named per request type, transaction and check. */
export const REQUEST_METRIC_PREFIX = 'request.';
export const TRANSACTION_METRIC_PREFIX = 'tr.';
export const CHECK_METRIC_PREFIX = 'check.';

const requestMetrics = new Map<string, string>();

/** `request.<jabber type>`: request to matched reply, built once per type. */
export function requestMetric(type: string): string {
  let m = requestMetrics.get(type);
  if (m === undefined) requestMetrics.set(type, (m = REQUEST_METRIC_PREFIX + type));
  return m;
}

/** `tr.<transaction name>`. */
export function transactionMetric(name: string): string {
  return TRANSACTION_METRIC_PREFIX + name;
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

/** `check.<name>`: a check's latency, the request's send to the stanza that passed it. */
export function checkMetric(name: string): string {
  return CHECK_METRIC_PREFIX + name;
}

/** The pass and fail counters of one check and its latency metric (checkMetric), built once per name. */
export function checkCounterNames(name: string): readonly [pass: string, fail: string, latency: string] {
  let c = checkCounters.get(name);
  if (c === undefined) checkCounters.set(name, (c = [CHECK_PASS_PREFIX + name, CHECK_FAIL_PREFIX + name, checkMetric(name)]));
  return c;
}
