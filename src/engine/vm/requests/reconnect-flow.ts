/**
 * One reconnection after a drop: new transport, STARTTLS and SASL as the user's last login
 * did (reconnect-login.ts), then XEP-0198 resumption (§5) when the old stream had it, or a fresh
 * session: bind (RFC 6120 §7), session when required, SM enabled again if it was, and
 * available presence if the user was online. On success the connection is handed to the
 * user; on failure `done(err)` lets the policy try again.
 */
import type { XloadError } from '../../../errors.js';
import {
  bindIq,
  ClosedByServerError,
  parseElement,
  parseFeatures,
  presence,
  ProtocolError,
  SaslError,
  sessionIq,
  smEnable,
  StanzaError,
  type ConnectionHandlers,
  type Frame,
  type StreamFeatures,
  type XmppTransport,
} from '../../../xmpp/index.js';
import type { VmUser } from '../user-api.js';
import { ReLogin } from './reconnect-login.js';
import { smOf, smStart } from './sm-state.js';
import { smResumed, smResumeFailed } from './sm-resume.js';

type Step = 'connect' | 'login' | 'features2' | 'resume' | 'bind' | 'session' | 'enable' | 'done';

export interface FlowResult {
  conn: XmppTransport;
  features: StreamFeatures | null;
  resumed: boolean;
}

export class ReconnectFlow implements ConnectionHandlers {
  private step: Step = 'connect';
  private readonly login: ReLogin;
  private features: StreamFeatures | null = null;
  private resumed = false;

  constructor(
    private readonly u: VmUser,
    private readonly conn: XmppTransport,
    private readonly opts: { online: boolean; smWanted: boolean },
    private readonly done: (err: XloadError | null, r?: FlowResult) => void,
  ) {
    conn.handlers = this;
    this.login = new ReLogin(u, conn, (err) => {
      if (err) return this.fail(err);
      this.step = 'features2';
      this.conn.openStream(this.u.domain);
    });
  }

  onConnected(): void {
    this.step = 'login';
    this.conn.openStream(this.u.domain);
  }

  onStreamOpen(): void {}

  onClose(err: XloadError | null): void {
    this.finish(err ?? new ClosedByServerError('closed while reconnecting'));
  }

  onFrame(f: Frame): void {
    if (this.u.ended) {
      this.conn.destroy();
      return;
    }
    try {
      this.handle(f);
    } catch (err) {
      this.fail(err instanceof SaslError ? err : new ProtocolError('reconnect_failed', String(err)));
    }
  }

  private handle(f: Frame): void {
    switch (this.step) {
      case 'login':
        return this.login.onFrame(f);
      case 'features2': {
        if (f.name !== 'stream:features') return;
        this.features = parseFeatures(f);
        const sm = smOf(this.u);
        if (sm?.id && this.features.sm) {
          // §5: resume with the count of stanzas we handled on the old stream.
          this.step = 'resume';
          this.conn.send(`<resume xmlns='urn:xmpp:sm:3' h='${sm.h >>> 0}' previd='${sm.id.replace(/'/g, '&apos;')}'/>`);
          return;
        }
        return this.bind();
      }
      case 'resume':
        if (f.name === 'resumed') return this.onResumed(Number(f.attrs.h));
        if (f.name === 'failed') {
          smResumeFailed(this.u, f);
          return this.bind();
        }
        return;
      case 'bind':
      case 'session':
        return this.onIq(f);
      case 'enable':
        if (f.name === 'enabled') smStart(this.u, this.conn, f.attrs.resume === 'true' || f.attrs.resume === '1' ? (f.attrs.id ?? null) : null);
        else if (f.name !== 'failed') return;
        return this.ready();
      default:
        return;
    }
  }

  /** §5: `h` is how many of our stanzas the server got. */
  private onResumed(h: number): void {
    // The rest are retransmitted now, before anything new (sm-resume.ts).
    smResumed(this.u, this.conn, h);
    this.resumed = true;
    this.u.host.stats.count('sm_resumed');
    this.finish(null);
  }

  private bind(): void {
    this.step = 'bind';
    this.conn.send(bindIq('rc_bind'));
  }

  private onIq(f: Frame): void {
    if (f.name !== 'iq' || (f.attrs.id !== 'rc_bind' && f.attrs.id !== 'rc_sess')) return;
    if (f.attrs.type === 'error') return this.fail(StanzaError.fromElement(parseElement(f.raw)));
    if (f.attrs.type !== 'result') return;
    if (this.step === 'bind' && this.features?.session) {
      this.step = 'session';
      this.conn.send(sessionIq('rc_sess', this.u.domain));
      return;
    }
    if (this.opts.smWanted && this.features?.sm) {
      this.step = 'enable';
      this.conn.send(smEnable(true));
      return;
    }
    this.ready();
  }

  private ready(): void {
    if (this.opts.online) this.conn.send(presence());
    this.finish(null);
  }

  private fail(err: XloadError): void {
    if (this.step === 'done') return;
    this.conn.destroy();
    this.finish(err);
  }

  private finish(err: XloadError | null): void {
    if (this.step === 'done') return;
    this.step = 'done';
    if (err) this.done(err);
    else this.done(null, { conn: this.conn, features: this.features, resumed: this.resumed });
  }
}
