/**
 * The pre-bind part of a reconnect: STARTTLS when the lost session ran over TLS and the new
 * connection does not (the scenario used STARTTLS, not direct TLS; RFC 6120 §5.4), then SASL
 * with the mechanism of the user's last login (auth-memory.ts) instead of always PLAIN, so
 * a reconnect storm loads the server as the logins it replaces did. `done(null)` once
 * authenticated: the caller restarts the stream (RFC 6120 §6.4.6).
 */
import { XloadError } from '../../../errors.js';
import {
  parseElement,
  parseFeatures,
  ProtocolError,
  SaslError,
  saslAuth,
  saslResponse,
  starttls,
  text,
  TlsError,
  type Frame,
  type XmppTransport,
} from '../../../xmpp/index.js';
import type { VmUser } from '../user-api.js';
import { authMemoryOf, countSaslLogin, saslAgain, type SaslStart } from './auth-memory.js';

export class ReLogin {
  private step: 'features' | 'tls' | 'sasl' | 'done' = 'features';
  private sasl: SaslStart | null = null;

  constructor(
    private readonly u: VmUser,
    private readonly conn: XmppTransport,
    private readonly done: (err: XloadError | null) => void,
  ) {}

  /** A frame before authentication. A SaslError thrown by the SCRAM client (bad server signature) propagates. */
  onFrame(f: Frame): void {
    switch (this.step) {
      case 'features':
        return this.onFeatures(f);
      case 'tls':
        if (f.name !== 'proceed') return this.finish(new TlsError(`STARTTLS answered with <${f.name}>`));
        this.conn.startTls((err) => {
          if (err) return this.finish(err);
          this.step = 'features';
          this.conn.openStream(this.u.domain);
        });
        return;
      case 'sasl':
        return this.onSasl(f);
      default:
        return;
    }
  }

  private onFeatures(f: Frame): void {
    if (f.name !== 'stream:features') return;
    const feat = parseFeatures(f);
    if (authMemoryOf(this.u)?.encrypted && !this.conn.encrypted) {
      if (!feat.starttls) return this.finish(new ProtocolError('starttls_not_offered', 'server does not offer STARTTLS on reconnect'));
      this.step = 'tls';
      this.conn.send(starttls());
      return;
    }
    const s = saslAgain(this.u, this.conn, feat);
    if (s instanceof XloadError) return this.finish(s);
    this.sasl = s;
    this.step = 'sasl';
    this.conn.send(saslAuth(s.client.mechanism, s.client.initial()));
  }

  /** RFC 6120 §6.4.3-6.4.6. */
  private onSasl(f: Frame): void {
    const { client, binding } = this.sasl as SaslStart;
    if (f.name === 'challenge') {
      this.conn.send(saslResponse(client.challenge(text(parseElement(f.raw)).trim())));
    } else if (f.name === 'success') {
      client.success(text(parseElement(f.raw)).trim() || undefined);
      countSaslLogin(this.u, client.mechanism, binding);
      this.finish(null);
    } else if (f.name === 'failure') {
      this.finish(SaslError.fromElement(parseElement(f.raw)));
    }
  }

  private finish(err: XloadError | null): void {
    if (this.step === 'done') return;
    this.step = 'done';
    this.done(err);
  }
}
