/**
 * The compiled session plan: the contract between the scenario compiler (src/scenario)
 * and the runtime (src/engine, worker threads, remote agents).
 *
 * A Plan is plain JSON data: no functions, no class instances, no Map/Set, no undefined
 * that matters (optional fields may be absent). It survives `structuredClone`,
 * `JSON.stringify` and a trip over the agent channel unchanged. Times are milliseconds,
 * rates are per second, so the runtime never re-reads Tsung's units.
 *
 * Bump PLAN_VERSION on any change that an older runtime would misread.
 */
import type { MonitorSpec } from './plan-monitor.js';

export type { MonitorSpec } from './plan-monitor.js';

/** 2: requests may carry `expects` (issue 16); a version-1 runtime would run them unchecked. */
export const PLAN_VERSION = 2 as const;

/**
 * Tsung's `infinity` for a timeout (connect_timeout, global_ack_timeout, hibernate),
 * as milliseconds: the longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days).
 */
export const NO_TIMEOUT_MS = 2_147_483_647;

/** Where in the scenario file a construct came from, for messages at run time. */
export interface SourcePos {
  line: number;
  col: number;
}

export interface Plan {
  version: typeof PLAN_VERSION;
  /** Absolute path of the scenario file the plan was compiled from. */
  scenario: string;
  /** `<tsung>` attributes. */
  tsung: {
    loglevel: 'emergency' | 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug';
    dumptraffic: 'false' | 'true' | 'light' | 'protocol' | 'protocol_local';
  };
  clients: ClientSpec[];
  servers: ServerSpec[];
  load: LoadSpec;
  options: OptionsSpec;
  sessions: SessionSpec[];
  /** xload extension (issue 4): pass/fail expressions; empty when the scenario has none. */
  thresholds: ThresholdSpec[];
  /**
   * xload extension (issue 7): `<session run_once="true">`s, in document order. They are
   * not in `sessions` (arrivals never pick them): one user runs each, once across the
   * whole run, before phase 1. Absent when the scenario has none.
   */
  runOnce?: SessionSpec[];
  /** xload extension (issue 14): `<monitoring>`'s monitors. Absent when the scenario has none. */
  monitors?: MonitorSpec[];
  /**
   * Set by the coordinator in one node's copy of the plan, never by the compiler: the
   * node's cap on concurrent users (`<client maxusers>`) and the node's segment, so each
   * of its shards takes its share of the cap.
   */
  nodeCap?: { maxUsers: number; segment: { from: number; to: number } };
}

export interface ClientSpec {
  host: string;
  /** Agent port for remote clients (xload extension `port`, or `host:port`); absent = local. */
  agentPort?: number;
  weight: number;
  /** Tsung's default is 800 per VM; xload uses it as a per-client cap of concurrent users. */
  maxUsers: number;
  /** `maxusers` was written: the node standing for this client never runs more users at once. */
  maxUsersExplicit?: boolean;
  useControllerVm: boolean;
  cpu: number;
  /** Local source addresses to bind outgoing sockets to (`<ip value>`); empty = OS choice. */
  ips: string[];
}

export type ServerType = 'tcp' | 'ssl' | 'tcp6' | 'ssl6' | 'websocket' | 'websocket_ssl' | 'bosh' | 'bosh_ssl';

export interface ServerSpec {
  host: string;
  port: number;
  type: ServerType;
  weight: number;
}

export interface LoadSpec {
  /** `<load duration>`: hard cap on the whole load, ms; absent = none. */
  durationMs?: number;
  /** `<load loop>`: how many extra times the arrival phases are replayed (Tsung: 0 = once). */
  loop: number;
  phases: PhaseSpec[];
  /** Static `<user session start_time>` entries. */
  staticUsers: StaticUserSpec[];
}

export interface PhaseSpec {
  phase: number;
  durationMs: number;
  /** Mean arrivals per second (Poisson); `interarrival` is converted to this. */
  arrivalRate: number;
  /** Cap on users started in this phase; absent = no cap. */
  maxNumber?: number;
  waitAllSessionsEnd: boolean;
  /** Per-phase session weights (`<session_setup>`), by session name; absent = global ones. */
  sessionSetup?: { session: string; probability: number }[];
  pos: SourcePos;
}

export interface StaticUserSpec {
  session: string;
  startMs: number;
  pos: SourcePos;
}

export interface ThinktimeOption {
  /** Seconds, as in Tsung. */
  value: number;
  random: boolean;
  /** When true, thinktime elements in sessions are replaced by this one. */
  override: boolean;
  min?: number;
  max?: number;
}

export interface FileServerSpec {
  id: string;
  /** Absolute path, resolved against the scenario's folder. */
  path: string;
}

export interface OptionsSpec {
  // Generic Tsung options (defaults as Tsung's).
  thinktime?: ThinktimeOption;
  seed?: number;
  /** Milliseconds of thinktime above which Tsung hibernates a user (default 10 s); NO_TIMEOUT_MS = never. */
  hibernate?: number;
  connectTimeoutMs: number;
  idleTimeoutMs?: number;
  maxRetries: number;
  retryTimeoutMs: number;
  portsRange?: { min: number; max: number };
  globalAckTimeoutMs: number;
  websocketPath: string;
  websocketFrame: 'binary' | 'text';
  boshPath: string;
  fileServers: FileServerSpec[];
  // ts_jabber options.
  jabber: {
    username: string;
    passwd: string;
    domain: string;
    userIdMax: number;
    globalNumber: number;
    mucService: string;
    pubsubService: string;
    /** `<option name="vhost_file">`: id of a file_server listing vhosts. */
    vhostFile?: string;
    randomFromFileId?: string;
    offlineFromFileId?: string;
    fileIdDelimiter: string;
  };
}

export interface SessionSpec {
  name: string;
  /** Percentage (0..100). Weights are normalised to percentages by the compiler. */
  probability: number;
  type: 'ts_jabber';
  bidi: boolean;
  persistent: boolean;
  ops: Op[];
  pos: SourcePos;
}

export type Op =
  RequestOp | ThinktimeOp | TransactionOp | SetDynVarsOp | ForOp | RepeatOp | IfOp | ForeachOp | AbortOp | SetOptionOp | StoryOp;

/** Comparison used by `<if>`, `<while>`, `<until>`: compares a dynvar's value. */
export interface Condition {
  var: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
  value: string;
}

export interface ThinktimeOp {
  kind: 'thinktime';
  /**
   * Seconds. A string when it is a `%%_var%%` substitution resolved at run time.
   * random=true: exponential with this mean (Tsung); min/max: uniform.
   */
  value?: number | string;
  random: boolean;
  min?: number;
  max?: number;
  /** `value="wait_bidi"` / `"wait_global"`: wait for bidi data / the global ack instead of a delay. */
  wait?: 'bidi' | 'global';
  pos: SourcePos;
}

export interface TransactionOp {
  kind: 'transaction';
  name: string;
  ops: Op[];
  pos: SourcePos;
}

export type DynVarSource =
  | { type: 'random_number'; start: number; end: number }
  | { type: 'random_string'; length: number }
  | { type: 'urandom_string'; length: number }
  | { type: 'file'; fileId: string; order: 'iter' | 'random'; delimiter: string }
  | { type: 'value'; value: string };

export interface SetDynVarsOp {
  kind: 'setdynvars';
  source: DynVarSource;
  vars: string[];
  pos: SourcePos;
}

export interface ForOp {
  kind: 'for';
  var: string;
  from: number | string;
  to: number | string;
  incr: number;
  ops: Op[];
  pos: SourcePos;
}

export interface RepeatOp {
  kind: 'repeat';
  name: string;
  maxRepeat: number;
  /** `<while>` keeps looping while it holds; `<until>` stops when it holds. Checked after the body. */
  test: { mode: 'while' | 'until'; cond: Condition };
  ops: Op[];
  pos: SourcePos;
}

export interface IfOp {
  kind: 'if';
  cond: Condition;
  ops: Op[];
  pos: SourcePos;
}

export interface ForeachOp {
  kind: 'foreach';
  name: string;
  in: string;
  include?: string;
  exclude?: string;
  ops: Op[];
  pos: SourcePos;
}

export interface AbortOp {
  kind: 'abort';
  scope: 'session' | 'all';
  pos: SourcePos;
}

/**
 * xload extension `<story file="chat.story.mjs"/>`: run a story module (src/story/define.ts)
 * as this step of the session; its users log in through the story client, with accounts
 * taken from the user pool (src/engine/vm/story-op.ts).
 */
export interface StoryOp {
  kind: 'story';
  /** Absolute path of the module (the compiler resolves it against the scenario's folder). */
  file: string;
  /** Name in metrics and error classes; default the file's name without `.story.mjs`/`.mjs`/`.js`. */
  name: string;
  /** The module's export holding the story; default `default`. */
  export: string;
  pos: SourcePos;
}

export interface SetOptionOp {
  kind: 'set_option';
  name: string;
  value?: string;
  /** `<set_option name="certificate"><certificate .../></set_option>`. */
  certificate?: { cacertfile?: string; keyfile?: string; keypass?: string; certfile?: string };
  pos: SourcePos;
}

export type AckMode = 'no_ack' | 'local' | 'global' | 'parse' | 'bidi_ack';

import type { JabberType } from './jabber-types.js';

export type { JabberType };

export interface MatchSpec {
  do: 'continue' | 'loop' | 'abort' | 'restart' | 'log' | 'dump' | 'abort_test';
  when: 'match' | 'nomatch';
  /** A JavaScript-compatible regular expression source (translated from Tsung's PCRE). */
  regexp: string;
  subst: boolean;
  name: string;
  maxLoop: number;
  maxRestart: number;
  sleepLoopMs: number;
  loopBack: number;
  pos: SourcePos;
}

export interface DynVarSpec {
  name: string;
  kind: 're' | 'regexp' | 'xpath';
  /** The expression; for re/regexp a JavaScript regex source with one capture group. */
  expr: string;
  pos: SourcePos;
}

/**
 * One `<jabber>` request. String fields may contain `%%_var%%` holes when the request has
 * subst="true"; the runtime fills them. Absent fields take Tsung's defaults at run time
 * only where Tsung's default depends on run-time state.
 */
export interface JabberRequest {
  type: JabberType;
  ack: AckMode;
  destination: 'online' | 'offline' | 'random' | 'unique' | 'previous';
  id?: string;
  size: number;
  data?: string;
  stamped: boolean;
  show: 'away' | 'chat' | 'dnd' | 'xa';
  status: string;
  nick?: string;
  room?: string;
  group?: string;
  node?: string;
  nodeType?: string;
  subid?: string;
  regexp?: string;
  resource: string;
  version?: string;
  sendVersion: boolean;
  username?: string;
  passwd?: string;
  domain?: string;
  cacertfile?: string;
  keyfile?: string;
  keypass?: string;
  certfile?: string;
  /** `<xmpp_authenticate username passwd>` child. */
  authenticate?: { username: string; passwd: string };
  /** xload extension: SASL mechanism for auth_sasl ('PLAIN' by default, as Tsung; 'auto' = strongest offered). */
  mechanism?: string;
  /** xload extension: channel-binding type for SCRAM-*-PLUS (absent = 'auto'). */
  channelBinding?: 'tls-exporter' | 'tls-server-end-point' | 'tls-unique' | 'auto';
  /** Text content of the element (type="raw" sends it as is). */
  text?: string;
}

export interface RequestOp {
  kind: 'request';
  /** `subst="true"`: `%%_var%%` holes in string fields are filled at run time. */
  subst: boolean;
  tag?: string;
  jabber: JabberRequest;
  matches: MatchSpec[];
  dynVars: DynVarSpec[];
  /** xload extension (issue 16): `<expect>` checks on what arrives after this request; absent when none. */
  expects?: ExpectSpec[];
  pos: SourcePos;
}

/** Stanza kinds an `<expect>` can wait for (RFC 6120 §8). */
export type ExpectKind = 'message' | 'presence' | 'iq';

/** What a failed check does besides counting: go on, end the user's session, or stop the run. */
export type ExpectOnFail = 'continue' | 'end_session' | 'stop_run';

/**
 * xload extension (issue 16): one `<expect>` check. After its request is sent the user
 * waits (at most `timeoutMs` from the send) for one inbound stanza meeting every condition
 * given; stanzas received since the send count. Counted by name: `check_pass.<name>`,
 * `check_fail.<name>`.
 */
export interface ExpectSpec {
  /** As written, or `expect:<line>:<col>` of the element. */
  name: string;
  /** Absent: any message, presence or iq. */
  kind?: ExpectKind;
  /** The stanza's `type`; `normal` (message) and `available` (presence) also match an absent type. */
  type?: string;
  /** A JID: with a resource, that full JID; a bare JID, any of its resources; a domain, anything from it. Lower-cased but the resource. */
  from?: string;
  /** An xpath (src/engine/vm/xpath.ts subset) that must select something in the stanza. */
  xpath?: string;
  /** A JavaScript regex source (translated from Tsung's PCRE) the `<body>` text must match. */
  body?: string;
  timeoutMs: number;
  onFail: ExpectOnFail;
  pos: SourcePos;
}

/** xload extension (issue 4). */
export interface ThresholdSpec {
  expr: string;
  abortOnFail: boolean;
  pos: SourcePos;
}
