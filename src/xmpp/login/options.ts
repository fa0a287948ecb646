/** How one login runs (LoginConfig), what it reports on the way (LoginObserver), and its result. */
import type { XloadError } from '../../errors.js';
import type { ConnectOptions } from '../connection-types.js';
import type { StreamFeatures } from '../features.js';
import type { ChannelBindingType } from '../sasl/index.js';

/** A login on a transport that its caller connects. */
export interface LoginConfig {
  /** XMPP domain: the stream's `to` and the SASL/legacy realm. */
  domain: string;
  username: string;
  password: string;
  /** Resource to bind; absent = server-generated (legacy auth needs one: default 'xload'). */
  resource?: string;
  /** Default 'sasl'. Legacy = XEP-0078 iq:auth. */
  auth?: 'sasl' | 'legacy-plain' | 'legacy-digest';
  /** SASL mechanism name or 'auto' (strongest offered, -PLUS first over TLS). Default 'PLAIN', as Tsung. */
  mechanism?: string;
  /** Channel-binding type for SCRAM-*-PLUS; default 'auto' (XEP-0440 list, else by TLS version). */
  channelBinding?: ChannelBindingType | 'auto';
  /** Send a named mechanism even when the server does not list it (Tsung's habit). Default false. */
  sendUnoffered?: boolean;
  /** Default 'never': TLS only where the scenario asks. A server that requires STARTTLS gets it anyway. */
  starttls?: 'never' | 'if-offered' | 'required';
  /** RFC 3921 session: 'auto' = only when the server says it is not optional. Default 'auto'. */
  session?: 'auto' | 'always' | 'never';
  /** For legacy auth: open a pre-1.0 stream (no features). Default false. */
  legacyStream?: boolean;
  /** XEP-0198, when the server offers it after authentication. Absent: no stream management. */
  sm?: SmConfig;
}

export interface SmConfig {
  /** §5: resume this stream instead of binding; a `<failed/>` falls back to bind. */
  resume?: { previd: string; h: number };
  /** §3: enable (with resumption) after binding. */
  enable?: boolean;
}

/** A login that also opens the transport. */
export interface LoginOptions extends LoginConfig {
  connect: ConnectOptions;
}

/** Milestones a caller may want the moment they happen (the engine counts them). */
export interface LoginObserver {
  /** SASL `<success/>` verified, or legacy auth accepted (mechanism 'legacy-plain' / 'legacy-digest'). */
  onAuthenticated?(mechanism: string, channelBinding: ChannelBindingType | undefined): void;
  /** XEP-0198 §5 `<failed/>` answered our `<resume/>`; the flow binds a new session next. */
  onResumeFailed?(h: number | undefined): void;
}

export interface LoginResult {
  /** Full JID bound; '' after a resumption (the old stream's JID holds). */
  jid: string;
  /** SASL mechanism used, or 'legacy-plain' / 'legacy-digest'. */
  mechanism: string;
  /** Channel-binding type of a -PLUS login. */
  channelBinding?: ChannelBindingType;
  /** Features of the final (authenticated) stream; null for a legacy pre-1.0 stream. */
  features: Readonly<StreamFeatures> | null;
  /** Present when LoginConfig.sm was given. */
  sm?: SmResult;
  timings: { connectMs: number; tlsMs: number; authMs: number; bindMs: number; totalMs: number };
}

export interface SmResult {
  /** §5 `<resumed h/>`: h = how many of our stanzas the server handled; null = not resumed. */
  resumed: { h: number } | null;
  /** §3 `<enabled/>` on the new stream; id = resumption id, null when the server will not resume. */
  enabled: { id: string | null } | null;
}

/** Called exactly once. */
export type LoginCallback = (err: XloadError | null, result?: LoginResult) => void;
