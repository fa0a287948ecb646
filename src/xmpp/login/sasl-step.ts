/**
 * One SASL exchange on a transport (RFC 6120 §6.4): choose the mechanism for what the
 * server offers and this connection's TLS, send `<auth/>`, answer challenges until
 * `<success/>` (whose additional data SCRAM verifies) or `<failure/>`. The login flow, the
 * engine's auth_sasl requests and its reconnects all run this one exchange.
 */
import { XloadError } from '../../errors.js';
import { parseElement } from '../element.js';
import { SaslError } from '../errors.js';
import type { StreamFeatures } from '../features.js';
import type { Frame } from '../framer.js';
import {
  chooseSasl,
  createSaslClient,
  tlsSocketOf,
  type ChannelBindingType,
  type SaslClient,
  type SaslCredentials,
} from '../sasl/index.js';
import type { SaslMechanism } from '../sasl/index.js';
import { saslAuth, saslResponse } from '../stanzas.js';
import type { XmppTransport } from '../transport.js';
import { Reply, type StepAnswer } from './reply.js';

/** Which mechanism a login asks for. */
export interface SaslWant {
  /** Mechanism name (any case) or 'auto' (strongest offered, -PLUS first over TLS). */
  mechanism: string;
  /** Binding type for SCRAM-*-PLUS; default 'auto'. */
  channelBinding?: ChannelBindingType | 'auto';
  /** Send a named mechanism the server does not list (Tsung does); default false. */
  sendUnoffered?: boolean;
}

export class SaslStep {
  private constructor(
    private readonly conn: XmppTransport,
    private readonly client: SaslClient,
    /** The channel-binding type of a -PLUS exchange. */
    readonly channelBinding: ChannelBindingType | undefined,
  ) {}

  get mechanism(): SaslMechanism {
    return this.client.mechanism;
  }

  /**
   * Picks the mechanism for `features` (null: unknown, as for a scenario that did not wait
   * for them) and sends `<auth/>` on `conn`; an error when nothing fits, before sending.
   */
  static start(
    conn: XmppTransport,
    want: SaslWant,
    creds: SaslCredentials,
    domain: string,
    features: Readonly<StreamFeatures> | null,
  ): SaslStep | XloadError {
    const choice = chooseSasl({
      wanted: want.mechanism,
      offered: features?.mechanisms ?? [],
      tls: tlsSocketOf(conn),
      channelBinding: want.channelBinding ?? 'auto',
      advertisedBindings: features?.channelBindings ?? null,
      requireOffered: want.sendUnoffered !== true,
    });
    if (choice instanceof XloadError) return choice;
    // DIGEST-MD5's digest-uri is xmpp/<domain> (RFC 6120 §6.3.8); the others need no host.
    const opts = choice.mechanism === 'DIGEST-MD5' ? { host: domain, ...choice.opts } : choice.opts;
    const client = createSaslClient(choice.mechanism, creds, opts);
    const step = new SaslStep(conn, client, choice.opts.channelBinding?.type);
    conn.send(saslAuth(client.mechanism, client.initial()));
    return step;
  }

  /** RFC 6120 §6.4.3-6.4.6. Done on a verified `<success/>`. */
  onFrame(f: Frame): StepAnswer {
    switch (f.name) {
      case 'challenge':
        try {
          this.conn.send(saslResponse(this.client.challenge(saslPayload(f.raw))));
        } catch (err) {
          return err instanceof XloadError ? err : new SaslError('malformed-request', String(err));
        }
        return Reply.Consumed;
      case 'success':
        try {
          this.client.success(saslPayload(f.raw));
        } catch (err) {
          return err instanceof XloadError ? err : new SaslError('server-signature-mismatch');
        }
        return Reply.Done;
      case 'failure':
        return SaslError.fromElement(parseElement(f.raw));
      default:
        return Reply.NotMine;
    }
  }
}

/** The base64 payload between a SASL element's tags ('' for none or '='), read without a DOM. */
export function saslPayload(raw: string): string {
  const start = raw.indexOf('>');
  const end = raw.lastIndexOf('</');
  if (start < 0 || end < start || raw[start - 1] === '/') return '';
  const t = raw.slice(start + 1, end).trim();
  return t === '=' ? '' : t;
}
