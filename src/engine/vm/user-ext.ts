/**
 * Per-user state of the features most users never touch (stream management, MUC rooms,
 * reconnection, `<match>` counters, ...), in one slot the user owns (`User.ext`), created
 * on first use: an idle user pays one null pointer, and nothing hides in module-level
 * WeakMaps keyed by user. The data shapes live here so this stays a leaf module; the
 * behaviour stays with each feature (requests/sm-state.ts, requests/muc-rooms.ts, ...).
 */
import type { ChannelBindingType } from '../../xmpp/sasl/index.js';
import type { ExpectSpec } from '../../scenario/plan.js';

/**
 * XEP-0198 state of one user's stream (requests/sm-state.ts). `h` counts the stanzas we
 * handled (§4: message, presence, iq), `sent` the stanzas we wrote since enabling, `acked`
 * the last h the server reported, and `unacked` holds the stanzas after `acked` (§4: "the
 * client SHOULD keep a copy of every stanza it sends until acknowledged"), so a resumption
 * can retransmit them (§5).
 */
export interface SmState {
  /** Resumption id from `<enabled/>` (§5), or null when the server will not resume. */
  id: string | null;
  h: number;
  acked: number;
  sent: number;
  /** Copies of stanzas acked + 1 .. sent, oldest first. */
  unacked: string[];
  /** An `<r/>` of ours is unanswered (no second automatic one until its `<a/>`). */
  asked: boolean;
  /** True while we write SM's own elements, which the peer does not count (§4). */
  inControl: boolean;
  /** Our outbound stanza count at the moment of a drop (for `<resumed h>` accounting). */
  sentAtDrop: number;
  /**
   * The stream's connection was dropped and no resumption has answered yet: if the user
   * ends now (a stop, an abort) its unacked stanzas will never be retransmitted.
   */
  dropped: boolean;
}

/** How a user last logged in (requests/auth-memory.ts); one frozen object per way, shared. */
export interface AuthMemory {
  /** The SASL mechanism of the last successful login, e.g. 'SCRAM-SHA-256-PLUS', 'EXTERNAL'. */
  mechanism: string;
  /** What the scenario asked for the binding type (-PLUS): a type or 'auto'. */
  channelBinding: ChannelBindingType | 'auto';
  /**
   * The login ran over TLS. A reconnect whose new connection is not encrypted (the
   * scenario used STARTTLS, not direct TLS) upgrades with STARTTLS before the login.
   */
  encrypted: boolean;
}

/**
 * The `<expect>` checks of the request a user ran last, while one is undecided (checks.ts).
 * Each check's window is [opened, opened + its timeout]: stanzas received from the send on count.
 */
export interface OpenChecks {
  specs: readonly ExpectSpec[];
  /** When the request was sent (the shard clock, ms). */
  opened: number;
  /** Bit i set: specs[i] is not decided yet. */
  open: number;
}

export interface UserExtensions {
  /** `<expect>` checks waiting for their stanza (checks.ts). */
  checks?: OpenChecks;
  /** XEP-0198, once `sm:enable` succeeded. */
  sm?: SmState;
  /** MUC rooms joined and the occupants seen in each (requests/muc-rooms.ts). */
  rooms?: Map<string, Set<string>>;
  /** The JID of the last `block:add` (XEP-0191), for a `block:remove` without one. */
  blocked?: string;
  /** `xload:reconnect` ran: a dropped connection is reconnected (requests/reconnect.ts). */
  reconnect?: boolean;
  /** Available presence sent, its echo not seen yet (join-confirm.ts). */
  confirmingPresence?: boolean;
  /** `<match do="restart">` count. */
  restarts?: number;
  /** `<match do="loop">` counts per request position. */
  loops?: Map<string, number>;
  /** A `<story>` step is running: aborting it drops the story's connections (story-op.ts). */
  story?: AbortController;
}
