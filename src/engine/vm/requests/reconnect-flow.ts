/**
 * One reconnection after a drop, run by the one login flow (src/xmpp/login): STARTTLS
 * when the lost session ran over TLS and the new connection does not (RFC 6120 §5.4), SASL
 * with the mechanism and channel binding of the user's last login (auth-memory.ts) instead
 * of always PLAIN, so a reconnect storm loads the server as the logins it replaces did;
 * then XEP-0198 resumption (§5) when the old stream had it, or a fresh session: bind,
 * session when required, SM enabled again if it was. What stays here is the user's side:
 * counters, the SM state, available presence if the user was online. On success the
 * connection is handed to the user; on failure `done(err)` lets the policy try again.
 */
import type { XloadError } from '../../../errors.js';
import {
  LoginFlow,
  presence,
  type ConnectionHandlers,
  type Frame,
  type LoginConfig,
  type LoginObserver,
  type LoginResult,
  type StreamFeatures,
  type XmppTransport,
} from '../../../xmpp/index.js';
import type { ChannelBindingType } from '../../../xmpp/sasl/index.js';
import { detach } from '../detach.js';
import type { VmUser } from '../user-api.js';
import { countSaslLogin } from './auth-memory.js';
import { smOf, smStart } from './sm-state.js';
import { smAbandoned, smResumed, smResumeFailed } from './sm-resume.js';
import { COUNTER } from '../../../stats/metric-names.js';

export interface FlowResult {
  conn: XmppTransport;
  features: StreamFeatures | null;
  resumed: boolean;
}

/** The transport's handler while the flow runs: the flow, unless the user has ended meanwhile. */
export class ReconnectFlow implements ConnectionHandlers, LoginObserver {
  private readonly flow: LoginFlow;

  constructor(
    private readonly u: VmUser,
    private readonly conn: XmppTransport,
    private readonly opts: { online: boolean; smWanted: boolean },
    private readonly done: (err: XloadError | null, r?: FlowResult) => void,
  ) {
    this.flow = new LoginFlow(conn, loginAgain(u, opts.smWanted), (err, r) => this.finish(err, r), this);
    conn.handlers = this;
  }

  onConnected(): void {
    this.flow.onConnected();
  }

  onStreamOpen(): void {
    this.flow.onStreamOpen();
  }

  onClose(err: XloadError | null): void {
    this.flow.onClose(err);
  }

  onFrame(f: Frame): void {
    if (this.u.ended) {
      this.conn.destroy();
      return;
    }
    this.flow.onFrame(f);
  }

  onAuthenticated(mechanism: string, binding: ChannelBindingType | undefined): void {
    countSaslLogin(this.u, mechanism, binding);
  }

  onResumeFailed(h: number | undefined): void {
    smResumeFailed(this.u, h);
  }

  private finish(err: XloadError | null, r?: LoginResult): void {
    if (err || !r) return this.done(err);
    const { u, conn } = this;
    const resumed = r.sm?.resumed;
    if (resumed) {
      // §5: the stanzas the server did not get are retransmitted now, before anything new (sm-resume.ts).
      smResumed(u, conn, resumed.h);
      u.host.stats.count(COUNTER.smResumed);
    } else {
      // No resumption was asked (the old stream had no id) or it failed (already counted):
      // the old stream's unacked stanzas are not coming back.
      if (smOf(u)?.dropped) smAbandoned(u);
      if (r.jid) u.setJid(detach(r.jid));
      const enabled = r.sm?.enabled;
      if (enabled) {
        smStart(u, conn, enabled.id ? detach(enabled.id) : null);
        // A stream of its own with SM enabled, as sm:enable counts it: after a failed
        // resumption, sm_enabled says whether the fresh login got SM back.
        u.host.stats.count(COUNTER.smEnabled);
      }
      if (this.opts.online) conn.send(presence());
    }
    this.done(null, { conn, features: r.features, resumed: resumed !== undefined && resumed !== null });
  }
}

/** The login the user's last one was, on a new connection (its own TLS binding). */
function loginAgain(u: VmUser, smWanted: boolean): LoginConfig {
  const mem = u.authMemory;
  const sm = smOf(u);
  return {
    domain: u.domain,
    username: u.username,
    password: u.password,
    // PLAIN when the user never used SASL: the scenario's Tsung default.
    mechanism: mem?.mechanism ?? 'PLAIN',
    channelBinding: mem?.channelBinding ?? 'auto',
    sendUnoffered: true,
    // The scenario used STARTTLS (not direct TLS) if the new connection is not encrypted.
    starttls: mem?.encrypted ? 'required' : 'never',
    ...(smWanted ? { sm: { resume: sm?.id ? { previd: sm.id, h: sm.h } : undefined, enable: true } } : {}),
  };
}
