/**
 * One client login on any XmppTransport (TCP/TLS, WebSocket, BOSH), callback driven:
 * stream → features → [STARTTLS → restart] → SASL or XEP-0078 iq:auth → restart →
 * [XEP-0198 resume] or bind → [session] → [SM enable]. It is the transport's handler
 * object while it runs and holds one small state; each step's reply logic is the step
 * module's (sasl-step.ts, starttls-step.ts, iq-steps.ts, sm-steps.ts), which the engine's
 * single-step requests share.
 */
import { performance } from 'node:perf_hooks';
import { XloadError } from '../../errors.js';
import type { ConnectOptions, ConnectionHandlers } from '../connection-types.js';
import { ClosedByServerError, ProtocolError } from '../errors.js';
import { parseFeatures, type StreamFeatures } from '../features.js';
import type { Frame } from '../framer.js';
import { legacyAuthSetDigest, legacyAuthSetPlain } from '../legacy-auth.js';
import { bindIq, sessionIq, smEnable, smResume, starttls } from '../stanzas.js';
import type { XmppTransport } from '../transport.js';
import { bindAnswer, boundJid, legacyAuthAnswer, sessionAnswer } from './iq-steps.js';
import type { LoginCallback, LoginConfig, LoginObserver, LoginOptions, LoginResult, SmResult } from './options.js';
import { Reply, type StepAnswer } from './reply.js';
import { SaslStep } from './sasl-step.js';
import { enableAnswer, resumeAnswer } from './sm-steps.js';
import { starttlsAnswer } from './starttls-step.js';

type Step = 'connect' | 'features' | 'tls' | 'sasl' | 'legacy' | 'resume' | 'bind' | 'session' | 'enable' | 'done';

const AUTH_ID = 'auth_1';
const BIND_ID = 'bind_1';
const SESSION_ID = 'sess_1';

export class LoginFlow implements ConnectionHandlers {
  private step: Step = 'connect';
  private authed = false;
  private sasl: SaslStep | null = null;
  private jid = '';
  private features: Readonly<StreamFeatures> | null = null;
  private sm: SmResult | undefined;
  private readonly t0 = performance.now();
  private mark = this.t0;
  private readonly timings = { connectMs: 0, tlsMs: 0, authMs: 0, bindMs: 0, totalMs: 0 };
  /** The handlers start() replaced, given back on success. */
  private handOver: ConnectionHandlers | null = null;

  /** A flow for `conn`; the caller makes it the handler (or forwards to it) and connects. */
  constructor(
    private readonly conn: XmppTransport,
    private readonly o: LoginConfig,
    private readonly done: LoginCallback,
    private readonly observer: LoginObserver | null = null,
  ) {
    if (o.sm) this.sm = { resumed: null, enabled: null };
  }

  /** Becomes `conn`'s handler and connects it; on success the replaced handlers come back. */
  start(connect: ConnectOptions): void {
    this.handOver = this.conn.handlers;
    this.conn.handlers = this;
    this.conn.connect(connect);
  }

  onConnected(): void {
    this.timings.connectMs = this.lap();
    this.open();
  }

  onStreamOpen(): void {
    // A pre-1.0 stream has no features (RFC 6120 §4.3.2 does not apply): authenticate now.
    if (this.o.legacyStream && !this.authed && this.step === 'features') this.legacyAuth();
  }

  onFrame(f: Frame): void {
    try {
      this.handle(f);
    } catch (err) {
      this.fail(err instanceof XloadError ? err : new ProtocolError('bad_reply', String(err)));
    }
  }

  onClose(err: XloadError | null): void {
    this.finish(err ?? new ClosedByServerError('closed during login'));
  }

  private lap(): number {
    const now = performance.now();
    const d = now - this.mark;
    this.mark = now;
    return d;
  }

  private open(): void {
    this.step = 'features';
    this.conn.openStream(this.o.domain, { version: this.o.legacyStream === true ? null : '1.0' });
  }

  private handle(f: Frame): void {
    switch (this.step) {
      case 'features':
        if (f.name !== 'stream:features') return;
        this.features = parseFeatures(f);
        return this.authed ? this.afterAuth(this.features) : this.beforeAuth(this.features);
      case 'tls':
        if (this.settled(starttlsAnswer(f))) this.upgrade();
        return;
      case 'sasl': {
        const sasl = this.sasl as SaslStep;
        if (this.settled(sasl.onFrame(f))) this.authenticated(sasl.mechanism, sasl.channelBinding);
        return;
      }
      case 'legacy':
        if (this.settled(legacyAuthAnswer(f, AUTH_ID))) this.authenticated(this.o.auth as string, undefined);
        return;
      case 'resume':
        return this.onResume(f);
      case 'bind':
        if (this.settled(bindAnswer(f, BIND_ID))) this.bound(f);
        return;
      case 'session':
        if (this.settled(sessionAnswer(f, SESSION_ID))) this.enableSm();
        return;
      case 'enable': {
        const r = enableAnswer(f);
        if (r === null) return;
        if (r.enabled && this.sm) this.sm.enabled = { id: r.id };
        return this.finish(null);
      }
      default:
        return;
    }
  }

  /** True when the step is done; fails the login on its error; false while it waits. */
  private settled(r: StepAnswer): boolean {
    if (r === Reply.Done) return true;
    if (r instanceof XloadError) this.fail(r);
    return false;
  }

  /** RFC 6120 §5.4.3.3: TLS on the same transport, then a new stream. */
  private upgrade(): void {
    this.conn.startTls((err) => {
      if (err) return this.fail(err);
      this.timings.tlsMs = this.lap();
      this.open();
    });
  }

  private beforeAuth(feat: Readonly<StreamFeatures>): void {
    const wantTls = this.o.starttls ?? 'never';
    if (!this.conn.encrypted && (wantTls === 'required' || (wantTls === 'if-offered' && feat.starttls) || feat.starttlsRequired)) {
      if (!feat.starttls) return this.fail(new ProtocolError('starttls_not_offered', 'server does not offer STARTTLS'));
      this.step = 'tls';
      this.lap();
      this.conn.send(starttls());
      return;
    }
    if ((this.o.auth ?? 'sasl') !== 'sasl') return this.legacyAuth();
    this.lap();
    const want = { mechanism: this.o.mechanism ?? 'PLAIN', channelBinding: this.o.channelBinding, sendUnoffered: this.o.sendUnoffered };
    const sasl = SaslStep.start(this.conn, want, { username: this.o.username, password: this.o.password }, this.o.domain, feat);
    if (sasl instanceof XloadError) return this.fail(sasl);
    this.sasl = sasl;
    this.step = 'sasl';
  }

  /** XEP-0078 §3.1: set straight away (the field query is optional for known servers). */
  private legacyAuth(): void {
    const { username, password, domain } = this.o;
    const resource = this.o.resource ?? 'xload';
    this.step = 'legacy';
    this.lap();
    this.jid = `${username}@${domain}/${resource}`;
    this.conn.send(
      this.o.auth === 'legacy-digest'
        ? legacyAuthSetDigest(AUTH_ID, username, this.conn.streamId, password, resource)
        : legacyAuthSetPlain(AUTH_ID, username, password, resource),
    );
  }

  private authenticated(mechanism: string, binding: SaslStep['channelBinding']): void {
    this.timings.authMs = this.lap();
    this.authed = true;
    this.observer?.onAuthenticated?.(mechanism, binding);
    // XEP-0078 authenticates the stream as it is; SASL restarts it (RFC 6120 §6.4.6).
    if (this.step === 'legacy') this.finish(null);
    else this.open();
  }

  private afterAuth(feat: Readonly<StreamFeatures>): void {
    const resume = this.o.sm?.resume;
    if (resume && feat.sm) {
      this.step = 'resume';
      this.conn.send(smResume(resume.previd, resume.h));
      return;
    }
    this.bind();
  }

  private onResume(f: Frame): void {
    const r = resumeAnswer(f);
    if (r === null) return;
    if (r.resumed) {
      if (this.sm) this.sm.resumed = { h: r.h };
      return this.finish(null);
    }
    this.observer?.onResumeFailed?.(r.h);
    this.bind();
  }

  private bind(): void {
    if (!this.features?.bind) return this.fail(new ProtocolError('no_bind', 'server does not offer resource binding'));
    this.step = 'bind';
    this.conn.send(bindIq(BIND_ID, this.o.resource));
  }

  private bound(f: Frame): void {
    const jid = boundJid(f.raw);
    if (!jid) return this.fail(new ProtocolError('bad_bind', 'bind result without a JID'));
    this.jid = jid;
    this.timings.bindMs = this.lap();
    const s = this.o.session ?? 'auto';
    if (s === 'always' || (s === 'auto' && this.features?.session)) {
      this.step = 'session';
      this.conn.send(sessionIq(SESSION_ID, this.o.domain));
      return;
    }
    this.enableSm();
  }

  private enableSm(): void {
    if (!this.o.sm?.enable || !this.features?.sm) return this.finish(null);
    this.step = 'enable';
    this.conn.send(smEnable(true));
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
    // After a failure the flow stays the handler, so the transport's close is not forwarded.
    if (err) return this.done(err);
    if (this.handOver) this.conn.handlers = this.handOver;
    const sasl = this.sasl;
    const result: LoginResult = {
      jid: this.jid,
      mechanism: sasl ? sasl.mechanism : (this.o.auth ?? 'sasl'),
      features: this.features,
      timings: this.timings,
    };
    if (sasl?.channelBinding) result.channelBinding = sasl.channelBinding;
    if (this.sm) result.sm = this.sm;
    this.done(null, result);
  }
}

/** Connects `conn` (state idle) and logs in; `done` is called exactly once. */
export function login(conn: XmppTransport, opts: LoginOptions, done: LoginCallback, observer?: LoginObserver): LoginFlow {
  const flow = new LoginFlow(conn, opts, done, observer ?? null);
  flow.start(opts.connect);
  return flow;
}
