/**
 * A full client login on an XmppConnection, callback driven: connect → stream → features
 * → [STARTTLS → restart] → SASL or XEP-0078 iq:auth → restart → bind → [session]. Used by
 * the engine's login ops and by tests proving each mechanism against real servers. It
 * takes over the connection's handlers and gives them back when done.
 */
import { performance } from 'node:perf_hooks';
import { XloadError } from '../errors.js';
import type { ConnectOptions, ConnectionHandlers, XmppConnection } from './connection.js';
import { child, parseElement, text } from './element.js';
import { ClosedByServerError, ProtocolError, SaslError, StanzaError } from './errors.js';
import { parseFeatures, type StreamFeatures } from './features.js';
import type { Frame } from './framer.js';
import { legacyAuthSetDigest, legacyAuthSetPlain } from './legacy-auth.js';
import { chooseSasl, createSaslClient, tlsSocketOf, type ChannelBindingType, type SaslClient } from './sasl/index.js';
import { bindIq, saslAuth, saslResponse, sessionIq, starttls } from './stanzas.js';

export interface LoginOptions {
  connect: ConnectOptions;
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
  /** Default 'never': TLS only where the scenario asks. A server that requires STARTTLS gets it anyway. */
  starttls?: 'never' | 'if-offered' | 'required';
  /** RFC 3921 session: 'auto' = only when the server says it is not optional. Default 'auto'. */
  session?: 'auto' | 'always' | 'never';
  /** For legacy auth: open a pre-1.0 stream (no features). Default false. */
  legacyStream?: boolean;
}

export interface LoginResult {
  /** Full JID bound. */
  jid: string;
  /** SASL mechanism used, or 'legacy-plain' / 'legacy-digest'. */
  mechanism: string;
  /** Channel-binding type of a -PLUS login. */
  channelBinding?: ChannelBindingType;
  /** Features of the final (authenticated) stream; null for a legacy pre-1.0 stream. */
  features: StreamFeatures | null;
  timings: { connectMs: number; tlsMs: number; authMs: number; bindMs: number; totalMs: number };
}

export type LoginCallback = (err: XloadError | null, result?: LoginResult) => void;

type Step = 'connect' | 'features' | 'tls' | 'sasl' | 'legacy' | 'bind' | 'session' | 'done';

class LoginFlow implements ConnectionHandlers {
  private step: Step = 'connect';
  private authed = false;
  private sasl: SaslClient | null = null;
  private mechanism = '';
  private channelBinding: ChannelBindingType | undefined;
  private jid = '';
  private features: StreamFeatures | null = null;
  private readonly t0 = performance.now();
  private mark = this.t0;
  private readonly timings = { connectMs: 0, tlsMs: 0, authMs: 0, bindMs: 0, totalMs: 0 };
  private readonly saved: ConnectionHandlers;

  constructor(
    private readonly conn: XmppConnection,
    private readonly o: LoginOptions,
    private readonly done: LoginCallback,
  ) {
    this.saved = conn.handlers;
    conn.handlers = this;
  }

  private lap(): number {
    const now = performance.now();
    const d = now - this.mark;
    this.mark = now;
    return d;
  }

  private open(): void {
    this.step = 'features';
    const legacy = this.o.legacyStream === true;
    this.conn.openStream(this.o.domain, { version: legacy ? null : '1.0' });
  }

  onConnected(): void {
    this.timings.connectMs = this.lap();
    this.open();
  }

  onStreamOpen(): void {
    // A pre-1.0 stream has no features (RFC 6120 §4.3.2 does not apply): authenticate now.
    if (this.o.legacyStream && !this.authed) this.legacyAuth();
  }

  onFrame(frame: Frame): void {
    try {
      this.handle(frame);
    } catch (err) {
      this.fail(err instanceof SaslError || err instanceof ProtocolError ? err : new ProtocolError('bad_reply', String(err)));
    }
  }

  onClose(err: XloadError | null): void {
    if (this.step !== 'done') this.finish(err ?? new ClosedByServerError('closed during login'));
  }

  private handle(f: Frame): void {
    switch (this.step) {
      case 'features':
        if (f.name !== 'stream:features') return;
        this.features = parseFeatures(f);
        return this.authed ? this.bind() : this.afterFeatures(this.features);
      case 'tls':
        if (f.name === 'proceed') {
          this.conn.startTls((err) => {
            if (err) return this.fail(err);
            this.timings.tlsMs = this.lap();
            this.open();
          });
        } else this.fail(new ProtocolError('starttls_refused', `STARTTLS answered with <${f.name}>`));
        return;
      case 'sasl':
        return this.onSasl(f);
      case 'legacy':
      case 'bind':
      case 'session':
        return this.onIq(f);
      default:
        return;
    }
  }

  private afterFeatures(feat: StreamFeatures): void {
    const wantTls = this.o.starttls ?? 'never';
    if (!this.conn.encrypted && (wantTls === 'required' || (wantTls === 'if-offered' && feat.starttls) || feat.starttlsRequired)) {
      if (!feat.starttls) return this.fail(new ProtocolError('starttls_not_offered', 'server does not offer STARTTLS'));
      this.step = 'tls';
      this.lap();
      this.conn.send(starttls());
      return;
    }
    const auth = this.o.auth ?? 'sasl';
    if (auth !== 'sasl') return this.legacyAuth();
    const choice = chooseSasl({
      wanted: this.o.mechanism ?? 'PLAIN',
      offered: feat.mechanisms,
      tls: tlsSocketOf(this.conn),
      channelBinding: this.o.channelBinding ?? 'auto',
      advertisedBindings: feat.channelBindings,
      requireOffered: true,
    });
    if (choice instanceof XloadError) return this.fail(choice);
    this.mechanism = choice.mechanism;
    this.channelBinding = choice.opts.channelBinding?.type;
    const creds = { username: this.o.username, password: this.o.password };
    this.sasl = createSaslClient(choice.mechanism, creds, { host: this.o.domain, ...choice.opts });
    this.step = 'sasl';
    this.lap();
    this.conn.send(saslAuth(choice.mechanism, this.sasl.initial()));
  }

  /** RFC 6120 §6.4.3-6.4.6. */
  private onSasl(f: Frame): void {
    const sasl = this.sasl as SaslClient;
    const payload = (): string => text(parseElement(f.raw)).trim();
    if (f.name === 'challenge') {
      this.conn.send(saslResponse(sasl.challenge(payload())));
    } else if (f.name === 'success') {
      sasl.success(payload() || undefined);
      this.timings.authMs = this.lap();
      this.authed = true;
      this.open();
    } else if (f.name === 'failure') {
      this.fail(SaslError.fromElement(parseElement(f.raw)));
    }
  }

  /** XEP-0078 §3.1: set straight away (the field query is optional for known servers). */
  private legacyAuth(): void {
    const digest = this.o.auth === 'legacy-digest';
    const resource = this.o.resource ?? 'xload';
    this.mechanism = digest ? 'legacy-digest' : 'legacy-plain';
    this.step = 'legacy';
    this.lap();
    this.jid = `${this.o.username}@${this.o.domain}/${resource}`;
    this.conn.send(
      digest
        ? legacyAuthSetDigest('auth_1', this.o.username, this.conn.streamId, this.o.password, resource)
        : legacyAuthSetPlain('auth_1', this.o.username, this.o.password, resource),
    );
  }

  private bind(): void {
    if (!this.features?.bind) return this.fail(new ProtocolError('no_bind', 'server does not offer resource binding'));
    this.step = 'bind';
    this.conn.send(bindIq('bind_1', this.o.resource));
  }

  private onIq(f: Frame): void {
    if (f.name !== 'iq' || (f.attrs.type !== 'result' && f.attrs.type !== 'error')) return;
    const want = this.step === 'legacy' ? 'auth_1' : this.step === 'bind' ? 'bind_1' : 'sess_1';
    if (f.attrs.id !== want) return;
    if (f.attrs.type === 'error') {
      const el = parseElement(f.raw);
      return this.fail(this.step === 'legacy' ? new SaslError(StanzaError.fromElement(el).condition) : StanzaError.fromElement(el));
    }
    if (this.step === 'legacy') {
      this.timings.authMs = this.lap();
      return this.finish(null);
    }
    if (this.step === 'bind') {
      const jid = child(child(parseElement(f.raw), 'bind') ?? { name: '', attrs: {}, children: [] }, 'jid');
      if (!jid) return this.fail(new ProtocolError('bad_bind', 'bind result without a JID'));
      this.jid = text(jid).trim();
      this.timings.bindMs = this.lap();
      const s = this.o.session ?? 'auto';
      if (s === 'always' || (s === 'auto' && this.features?.session)) {
        this.step = 'session';
        this.conn.send(sessionIq('sess_1', this.o.domain));
        return;
      }
    }
    this.finish(null);
  }

  private fail(err: XloadError): void {
    if (this.step === 'done') return;
    this.finish(err);
    this.conn.destroy();
  }

  private finish(err: XloadError | null): void {
    if (this.step === 'done') return;
    this.step = 'done';
    this.timings.totalMs = performance.now() - this.t0;
    if (err) {
      // The connection's close after a failure is not forwarded: the error goes to done only.
      this.done(err);
      return;
    }
    this.conn.handlers = this.saved;
    const cb = this.channelBinding ? { channelBinding: this.channelBinding } : {};
    this.done(null, { jid: this.jid, mechanism: this.mechanism, ...cb, features: this.features, timings: this.timings });
  }
}

/** Connects `conn` (state idle) and logs in; `done` is called exactly once. */
export function login(conn: XmppConnection, opts: LoginOptions, done: LoginCallback): void {
  const flow = new LoginFlow(conn, opts, done);
  conn.connect(opts.connect);
  void flow;
}
