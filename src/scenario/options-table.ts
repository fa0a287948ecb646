import type { RangeName } from '../ranges.js';

/**
 * Every `<option name>` Tsung 1.7 reads (ts_config.erl for the generic ones,
 * ts_config_jabber.erl for type="ts_jabber"), with how xload treats it and Tsung's default.
 */
export type OptionValueKind = 'string' | 'path_id' | 'fileid_ref' | 'int' | 'int_or_infinity' | 'ws_frame' | 'path' | 'special';

export interface OptionInfo {
  scope: 'generic' | 'jabber';
  kind: OptionValueKind;
  /** Minimum for numeric kinds. */
  min?: number;
  /** Sane range of a numeric value (src/ranges.ts), as written in the option (hibernate: seconds). */
  range?: RangeName;
  /** Accepted by Tsung, no effect in xload: a warning with this text. */
  ignored?: string;
}

const G = (kind: OptionValueKind, min?: number, range?: RangeName): OptionInfo => ({
  scope: 'generic',
  kind,
  min,
  ...(range ? { range } : {}),
});
const J = (kind: OptionValueKind, min?: number, range?: RangeName): OptionInfo => ({
  scope: 'jabber',
  kind,
  min,
  ...(range ? { range } : {}),
});
const IGN = (why: string): OptionInfo => ({ scope: 'generic', kind: 'string', ignored: why });

export const OPTIONS: Readonly<Record<string, OptionInfo>> = {
  // Generic options (ts_config:parse/2, option element without type).
  thinktime: G('special'),
  file_server: G('special'),
  seed: G('int', 0, 'seed'),
  hibernate: G('int_or_infinity', 0, 'seconds'),
  connect_timeout: G('int_or_infinity', 0, 'milliseconds'),
  idle_timeout: G('int_or_infinity', 0, 'milliseconds'),
  global_ack_timeout: G('int_or_infinity', 0, 'milliseconds'),
  max_retries: G('int', 0, 'count'),
  retry_timeout: G('int', 0, 'milliseconds'),
  ports_range: G('special'),
  websocket_path: G('path'),
  websocket_frame: G('ws_frame'),
  bosh_path: G('path'),
  global_number: G('int', 1, 'positiveCount'),
  websocket_subprotocols: IGN('xload sends no Sec-WebSocket-Protocol other than "xmpp" (RFC 7395 §3.3)'),
  ssl_ciphers: IGN("xload uses Node's TLS defaults"),
  ssl_versions: IGN("xload uses Node's TLS defaults"),
  ssl_reuse_sessions: IGN("xload uses Node's TLS defaults"),
  rate_limit: IGN('xload does not shape bandwidth'),
  tcp_rcv_buffer: IGN('xload uses the OS socket buffer sizes'),
  tcp_snd_buffer: IGN('xload uses the OS socket buffer sizes'),
  udp_rcv_buffer: IGN('XMPP does not use UDP'),
  udp_snd_buffer: IGN('XMPP does not use UDP'),
  tcp_reuseaddr: IGN('not needed by xload'),
  tcp_reuseport: IGN('not needed by xload'),
  ip_transparent: IGN('not supported by Node sockets'),
  max_ssh_startup_per_core: IGN('xload starts remote agents itself'),
  job_notify_port: IGN('batch jobs are out of scope'),
  // ts_jabber options (ts_config_jabber:parse_config/2, option type="ts_jabber").
  username: J('string'),
  passwd: J('string'),
  domain: J('string'),
  vhost_file: J('fileid_ref'),
  userid_max: J('int', 0, 'count'),
  muc_service: J('string'),
  pubsub_service: J('string'),
  random_from_fileid: J('fileid_ref'),
  offline_from_fileid: J('fileid_ref'),
  fileid_delimiter: J('string'),
};

/** ts_jabber options; `global_number` is read both ways in Tsung. */
export const JABBER_OPTION_NAMES = Object.keys(OPTIONS).filter((k) => OPTIONS[k]?.scope === 'jabber');

/**
 * Defaults, from Tsung 1.7's source: include/ts_jabber.hrl (xmpp_username "tsunguser",
 * xmpp_passwd "sesame", xmpp_domain, userid_max 10000, global_number 100),
 * ts_config_jabber.erl (muc/pubsub services, fileid_delimiter ";"), include/ts_profile.hrl
 * proto_opts (bosh_path "/http-bind/", websocket_path "/chat", frame binary, retry 10 ms,
 * max_retries 3, idle_timeout 600000 ms, connect and global-ack timeouts infinity), and
 * ts_config.erl (hibernate 10 s, thinktime 5 s when `<thinktime/>` has no value).
 */
export const DEFAULTS = {
  username: 'tsunguser',
  passwd: 'sesame',
  domain: 'erlang-projects.org',
  userIdMax: 10000,
  globalNumber: 100,
  mucService: 'conference.localhost',
  pubsubService: 'pubsub.localhost',
  fileIdDelimiter: ';',
  boshPath: '/http-bind/',
  websocketPath: '/chat',
  // RFC 7395 §3.2: XMPP over WebSocket uses text frames (Prosody closes binary ones);
  // Tsung defaults to binary, so its scenarios that need binary say so explicitly.
  websocketFrame: 'text',
  retryTimeoutMs: 10,
  maxRetries: 3,
  idleTimeoutMs: 600_000,
  hibernateMs: 10_000,
  thinktimeS: 5,
  fileServerId: 'default',
} as const;
