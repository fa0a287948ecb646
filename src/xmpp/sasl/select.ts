/**
 * One decision for every login path (scenario auth_sasl, reconnects, the login flow):
 * which SASL mechanism, with which channel binding and gs2 flag (RFC 5802 §6), given what
 * the server offers and whether the connection is TLS.
 */
import type { TLSSocket } from 'node:tls';
import type { XloadError } from '../../errors.js';
import { ProtocolError } from '../errors.js';
import { ChannelBindingError, selectChannelBinding, TLS13, type ChannelBindingType } from './channel-binding.js';
import { isPlusMechanism, isSupportedMechanism, pickMechanism } from './mechanisms.js';
import type { SaslMechanism, SaslOptions } from './types.js';

export interface SaslWish {
  /** Mechanism name (any case) or 'auto'. */
  wanted: string;
  /** Mechanisms of the current stream's features; empty when unknown. */
  offered: readonly string[];
  /** The connection's TLS socket, null when not encrypted (or not exposed by the transport). */
  tls: TLSSocket | null;
  /** Binding type for -PLUS; default 'auto'. */
  channelBinding?: ChannelBindingType | 'auto';
  /** XEP-0440 types the server lists; null when it lists none. */
  advertisedBindings?: readonly string[] | null;
  /** A named mechanism must be in `offered` (login flow); the engine sends it regardless, as Tsung. */
  requireOffered?: boolean;
}

export interface SaslChoice {
  mechanism: SaslMechanism;
  /** For createSaslClient: the binding (for -PLUS) or the 'y' flag. */
  opts: SaslOptions;
}

/**
 * 'auto' takes -PLUS only when the binding type is known to match the server's: named by
 * the scenario, listed by the server (XEP-0440), or tls-unique on TLS 1.2 (RFC 5802 §6
 * makes it mandatory). On TLS 1.3 without a list it is a guess: ejabberd 23.01 offers
 * -PLUS there but binds only its tls-unique variant, Prosody 0.12 offers none.
 */
function bindingKnown(tls: TLSSocket, cbType: ChannelBindingType | 'auto', advertised: readonly string[] | null): boolean {
  return cbType !== 'auto' || (advertised !== null && advertised.length > 0) || tls.getProtocol() !== TLS13;
}

const noMechanism = (offered: readonly string[]): ProtocolError =>
  new ProtocolError('auth_no_mechanism', `no usable SASL mechanism in [${offered.join(' ')}]`);

export function chooseSasl(w: SaslWish): SaslChoice | XloadError {
  const cbType = w.channelBinding ?? 'auto';
  const advertised = w.advertisedBindings ?? null;
  let mech: SaslMechanism | null;
  if (w.wanted.toLowerCase() === 'auto') {
    mech = pickMechanism(w.offered, 'auto', w.tls !== null && bindingKnown(w.tls, cbType, advertised));
    if (mech && isPlusMechanism(mech) && w.tls) {
      const cb = selectChannelBinding(w.tls, cbType, advertised);
      // No binding fits this connection: the strongest without one.
      if (cb instanceof ChannelBindingError) mech = pickMechanism(w.offered, 'auto', false);
      else return { mechanism: mech, opts: { channelBinding: cb } };
    }
    if (!mech) return noMechanism(w.offered);
  } else {
    const name = w.wanted.toUpperCase();
    if (!isSupportedMechanism(name)) {
      return new ProtocolError('auth_unsupported_mechanism', `SASL mechanism ${name} is not supported by xload`);
    }
    if (isPlusMechanism(name)) {
      if (!w.tls) return new ChannelBindingError(`${name} needs TLS channel binding and this stream is not encrypted`);
      // A server that does not offer -PLUS (Prosody 0.12 on TLS 1.3) would only refuse it.
      if (w.offered.length > 0 && !w.offered.includes(name)) return noMechanism(w.offered);
      const cb = selectChannelBinding(w.tls, cbType, advertised);
      if (cb instanceof ChannelBindingError) return cb;
      return { mechanism: name, opts: { channelBinding: cb } };
    }
    if (w.requireOffered && !w.offered.includes(name)) return noMechanism(w.offered);
    mech = name;
  }
  // RFC 5802 §6: 'y' only when we know the server's list and it has no -PLUS at all.
  const bindingNotOffered = w.tls !== null && mech.startsWith('SCRAM-') && w.offered.length > 0 && !w.offered.some(isPlusMechanism);
  return { mechanism: mech, opts: bindingNotOffered ? { bindingNotOffered } : {} };
}
