/**
 * Tsung 1.7's scenario grammar (tsung-1.0.dtd), as far as an XMPP run uses it: which
 * elements may appear where, their attributes and value types. Elements and attributes
 * that Tsung knows but xload does not run are listed with the reason, so the user gets
 * "not supported" rather than "unknown". Semantic rules live in the validate-* files.
 */
import { MONITORING_SCHEMA } from './monitoring-schema.js';
import type { RangeName } from '../ranges.js';

export type AttrType =
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'number'; min?: number; positive?: boolean }
  | { kind: 'bool' }
  /** A number, or one `%%_var%%` resolved at run time. */
  | { kind: 'number_or_var'; min?: number; integer?: boolean };

export interface AttrSpec {
  type: AttrType;
  required?: boolean;
  /** Tsung knows it, xload accepts it with no effect: a warning with this text. */
  ignored?: string;
  /** Tsung knows it, xload cannot honour it: an error with this hint. */
  unsupported?: string;
  /** Sane range (src/ranges.ts) of a numeric value; with `measure`, of the value converted by its unit. */
  range?: RangeName;
  /** A time (converted to ms) or a rate (converted to per second) in the unit named by attribute `unit`. */
  measure?: 'time' | 'rate';
}

export interface ElementSpec {
  attrs: Record<string, AttrSpec>;
  children: readonly string[];
  /** Character data is meaningful (e.g. `<match>`'s regexp). */
  text?: boolean;
  /** Known to Tsung, accepted and ignored (subtree not checked): a warning. */
  ignored?: string;
  /** Known to Tsung, out of xload's scope: an error with this hint. */
  unsupported?: string;
}

const S: AttrSpec = { type: { kind: 'string' } };
const REQ: AttrSpec = { type: { kind: 'string' }, required: true };
const BOOL: AttrSpec = { type: { kind: 'bool' } };
const enumOf = (values: readonly string[], required = false): AttrSpec => ({ type: { kind: 'enum', values }, required });
const int = (min?: number, required = false, max?: number): AttrSpec => ({ type: { kind: 'int', min, max }, required });
const num = (min?: number, positive = false, required = false): AttrSpec => ({ type: { kind: 'number', min, positive }, required });
const ranged = (spec: AttrSpec, range: RangeName, measure?: 'time' | 'rate'): AttrSpec => ({
  ...spec,
  range,
  ...(measure ? { measure } : {}),
});
/** A time in the element's `unit` (seconds when absent): at most Node's timer limit once in ms. */
const time = (spec: AttrSpec, range: RangeName = 'durationMs'): AttrSpec => ranged(spec, range, 'time');
const loopVar: AttrSpec = ranged({ type: { kind: 'number_or_var', integer: true }, required: true }, 'loopValue');

export const SERVER_TYPES = ['tcp', 'ssl', 'tcp6', 'ssl6', 'websocket', 'websocket_ssl', 'bosh', 'bosh_ssl'] as const;
export const ACK_MODES = ['no_ack', 'local', 'global', 'parse', 'bidi_ack'] as const;
export const DESTINATIONS = ['online', 'offline', 'random', 'unique', 'previous'] as const;
export const LOAD_UNITS = ['hour', 'minute', 'second'] as const;
export const PHASE_UNITS = ['hour', 'minute', 'second', 'millisecond'] as const;
export const SESSION_TYPES = [
  'ts_jabber',
  'ts_http',
  'ts_raw',
  'ts_pgsql',
  'ts_ldap',
  'ts_webdav',
  'ts_mysql',
  'ts_fs',
  'ts_shell',
  'ts_job',
  'ts_websocket',
  'ts_amqp',
  'ts_mqtt',
] as const;
export const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const MATCH_DO = ['continue', 'loop', 'abort', 'restart', 'log', 'dump', 'abort_test'] as const;
/** xload extension (issue 16): what `<expect>` waits for, and what a failed check does. */
export const EXPECT_KINDS = ['message', 'presence', 'iq'] as const;
export const EXPECT_ON_FAIL = ['continue', 'end_session', 'stop_run'] as const;
export const DYNVAR_SOURCES = [
  'random_string',
  'urandom_string',
  'random_number',
  'file',
  'erlang',
  'eval',
  'jsonpath',
  'value',
  'server',
] as const;

/** Elements that may appear in a session body; `<transaction>`, loops and `<if>` take the same. */
const SESSION_BODY = [
  'request',
  'thinktime',
  'transaction',
  'setdynvars',
  'for',
  'repeat',
  'if',
  'foreach',
  'set_option',
  'abort',
  'change_type',
  'interaction',
  'story',
] as const;
/** Request payloads of other Tsung plugins: known, out of scope. */
export const OTHER_PROTOCOLS = ['http', 'raw', 'pgsql', 'ldap', 'mysql', 'fs', 'shell', 'job', 'websocket', 'amqp', 'mqtt'] as const;

const comparison: Record<string, AttrSpec> = { var: REQ, eq: S, neq: S, gt: S, gte: S, lt: S, lte: S };
const OUT_OF_SCOPE = 'xload runs XMPP scenarios only: use <jabber> requests in a type="ts_jabber" session';

export const SCHEMA: Readonly<Record<string, ElementSpec>> = {
  tsung: {
    attrs: {
      loglevel: enumOf(['emergency', 'critical', 'error', 'warning', 'notice', 'info', 'debug']),
      dumptraffic: enumOf(['true', 'false', 'light', 'protocol', 'protocol_local']),
      version: S,
      backend: { ...enumOf(['text', 'json', 'rrdtool', 'fullstats']), ignored: 'xload writes its own stats.ndjson and summary.json' },
    },
    children: ['information', 'clients', 'servers', 'monitoring', 'load', 'options', 'sessions', 'thresholds'],
  },
  // Descriptive only: accepted without a warning.
  information: { attrs: {}, children: ['name', 'description', 'username', 'organisation'] },
  name: { attrs: {}, children: [], text: true },
  description: { attrs: {}, children: [], text: true },
  username: { attrs: {}, children: [], text: true },
  organisation: { attrs: {}, children: [], text: true },
  clients: { attrs: {}, children: ['client'] },
  client: {
    attrs: {
      host: S,
      weight: ranged(num(0, true), 'positiveWeight'),
      maxusers: ranged(int(1), 'positiveCount'),
      use_controller_vm: BOOL,
      cpu: ranged(int(1), 'threads'),
      type: { ...enumOf(['machine', 'batch']) },
      batch: { ...S, unsupported: 'list each load host as its own <client host>' },
      scan_intf: { ...S, unsupported: 'list source addresses with <ip value="..."/>' },
    },
    children: ['ip', 'iprange'],
  },
  ip: { attrs: { value: REQ, scan: { ...BOOL, unsupported: 'write the address: <ip value="127.0.0.2"/>' } }, children: [] },
  iprange: { attrs: { value: REQ, version: S }, children: [], unsupported: 'list each address with <ip value="..."/>' },
  servers: { attrs: {}, children: ['server'] },
  server: {
    attrs: { host: REQ, port: int(1, true, 65535), type: enumOf(SERVER_TYPES, true), weight: ranged(num(0, true), 'positiveWeight') },
    children: [],
  },
  // Tsung's <monitoring> plus xload's monitor types (issue 14; src/scenario/monitoring.ts).
  ...MONITORING_SCHEMA,
  load: {
    attrs: { duration: time(num(0)), unit: enumOf(LOAD_UNITS), loop: ranged(int(0), 'loopBound') },
    children: ['arrivalphase', 'user'],
  },
  arrivalphase: {
    attrs: {
      phase: ranged(int(0, true), 'count'),
      duration: time(num(0, true, true)),
      unit: enumOf(PHASE_UNITS, true),
      wait_all_sessions_end: BOOL,
    },
    children: ['users', 'session_setup'],
  },
  users: {
    attrs: {
      interarrival: time(num(0, true), 'interarrivalMs'),
      arrivalrate: ranged(num(0, true), 'ratePerSecond', 'rate'),
      unit: enumOf(LOAD_UNITS, true),
      maxnumber: ranged(int(0), 'count'),
    },
    children: [],
  },
  session_setup: { attrs: { name: REQ, probability: ranged(num(0), 'percent'), weight: ranged(num(0), 'weight') }, children: [] },
  user: { attrs: { start_time: time(num(0, false, true)), unit: enumOf(PHASE_UNITS), session: REQ }, children: [] },
  options: { attrs: {}, children: ['option'] },
  option: {
    attrs: {
      name: REQ,
      override: BOOL,
      random: BOOL,
      id: S,
      min: ranged(num(0), 'seconds'),
      max: ranged(num(0), 'seconds'),
      type: enumOf(['ts_http', 'ts_jabber', 'ts_pgsql', 'ts_amqp']),
      value: S,
    },
    children: ['user_agent'],
  },
  user_agent: { attrs: { probability: REQ }, children: [], text: true, unsupported: OUT_OF_SCOPE },
  sessions: { attrs: {}, children: ['session'] },
  // xload extension (issue 4; src/scenario/thresholds.ts): pass/fail conditions on the run.
  thresholds: { attrs: {}, children: ['threshold'] },
  threshold: { attrs: { expr: REQ, abort_on_fail: BOOL }, children: [] },
  session: {
    attrs: {
      name: REQ,
      bidi: BOOL,
      persistent: BOOL,
      probability: ranged(num(0), 'percent'),
      weight: ranged(num(0), 'weight'),
      type: enumOf(SESSION_TYPES, true),
    },
    children: SESSION_BODY,
  },
  transaction: { attrs: { name: REQ }, children: SESSION_BODY },
  request: {
    attrs: { subst: enumOf(['true', 'false', 'all_except_body']), tag: S },
    children: ['match', 'dyn_variable', 'expect', 'jabber', ...OTHER_PROTOCOLS],
  },
  // xload extension (issue 16; src/scenario/validate-expect.ts): a check on what arrives
  // after the request. Tsung's DTD does not know it: a Tsung run refuses the scenario.
  expect: {
    attrs: {
      name: S,
      kind: enumOf(EXPECT_KINDS),
      type: S,
      from: S,
      xpath: S,
      body: S,
      timeout: ranged(num(0, true), 'checkTimeoutSeconds'),
      on_fail: enumOf(EXPECT_ON_FAIL),
    },
    children: [],
  },
  match: {
    attrs: {
      do: enumOf(MATCH_DO),
      when: enumOf(['match', 'nomatch']),
      subst: BOOL,
      loop_back: ranged(int(0), 'loopBound'),
      name: S,
      max_loop: ranged(int(0), 'loopBound'),
      max_restart: ranged(int(0), 'loopBound'),
      sleep_loop: ranged(num(0), 'seconds'),
      apply_to_content: { ...S, unsupported: 'xload matches the received stanza text as is' },
      skip_headers: { ...S, ignored: 'HTTP only' },
    },
    children: [],
    text: true,
  },
  dyn_variable: {
    attrs: {
      name: REQ,
      re: S,
      regexp: S,
      xpath: S,
      jsonpath: { ...S, unsupported: 'XMPP replies are XML: use re="..." or xpath="..."' },
      pgsql_expr: { ...S, unsupported: 'use re="..." or xpath="..."' },
      header: { ...S, unsupported: 'HTTP only; use re="..." or xpath="..."' },
      decode: enumOf(['html_entities', 'false']),
    },
    children: [],
  },
  jabber: {
    attrs: {
      type: REQ,
      ack: enumOf(ACK_MODES, true),
      destination: enumOf(DESTINATIONS),
      id: S,
      size: ranged(int(0), 'bytes'),
      data: S,
      stamped: BOOL,
      show: enumOf(['away', 'chat', 'dnd', 'xa']),
      status: S,
      nick: S,
      room: S,
      group: S,
      node: S,
      send_version: BOOL,
      regexp: S,
      resource: S,
      node_type: S,
      version: S,
      cacertfile: S,
      keyfile: S,
      keypass: S,
      certfile: S,
      subid: S,
    },
    children: ['xmpp_authenticate'],
  },
  xmpp_authenticate: { attrs: { username: REQ, passwd: REQ }, children: [] },
  thinktime: {
    attrs: { random: BOOL, value: S, min: ranged(num(0), 'seconds'), max: ranged(num(0), 'seconds') },
    children: [],
  },
  setdynvars: {
    attrs: {
      sourcetype: enumOf(DYNVAR_SOURCES, true),
      callback: S,
      code: S,
      fileid: S,
      order: enumOf(['iter', 'random']),
      delimiter: S,
      length: ranged(int(1), 'bytes'),
      start: ranged(int(), 'loopValue'),
      end: ranged(int(), 'loopValue'),
      from: S,
      jsonpath: S,
      value: S,
    },
    children: ['var'],
  },
  var: { attrs: { name: REQ }, children: [] },
  for: {
    attrs: { var: REQ, from: loopVar, to: loopVar, incr: ranged(int(), 'loopValue') },
    children: SESSION_BODY,
  },
  foreach: { attrs: { name: REQ, in: REQ, include: S, exclude: S }, children: SESSION_BODY },
  repeat: { attrs: { name: REQ, max_repeat: ranged(int(0), 'loopBound') }, children: [...SESSION_BODY, 'while', 'until'] },
  if: { attrs: comparison, children: SESSION_BODY },
  while: { attrs: comparison, children: [] },
  until: { attrs: comparison, children: [] },
  abort: { attrs: { type: enumOf(['session', 'all']) }, children: [] },
  // xload extension: a story module as a session step (src/story/define.ts).
  story: { attrs: { file: REQ, name: S, export: S }, children: [] },
  set_option: {
    attrs: {
      name: REQ,
      id: S,
      min: ranged(num(0), 'seconds'),
      max: ranged(num(0), 'seconds'),
      type: enumOf(['ts_http', 'ts_jabber', 'ts_pgsql']),
      value: S,
    },
    children: ['certificate'],
  },
  certificate: { attrs: { cacertfile: S, keyfile: S, keypass: S, certfile: S }, children: [] },
  change_type: { attrs: {}, children: [], unsupported: 'a session uses one protocol in xload: split it into two sessions' },
  interaction: { attrs: {}, children: [], unsupported: 'xload has no cross-session interactions; use global acks (ack="global")' },
};

for (const p of OTHER_PROTOCOLS) {
  (SCHEMA as Record<string, ElementSpec>)[p] = { attrs: {}, children: [], unsupported: OUT_OF_SCOPE };
}
