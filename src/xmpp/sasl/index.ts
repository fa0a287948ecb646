/** SASL client factory and mechanism choice (RFC 6120 §6.3.3: the client picks). */
import { AnonymousClient } from './anonymous.js';
import { DigestMd5Client } from './digest-md5.js';
import { ExternalClient } from './external.js';
import { PlainClient } from './plain.js';
import { ScramClient } from './scram.js';
import type { SaslClient, SaslCredentials, SaslMechanism, SaslOptions } from './types.js';
import { ProtocolError } from '../errors.js';

export { isPlusMechanism, isSupportedMechanism, pickMechanism } from './mechanisms.js';
export type { SaslClient, SaslCredentials, SaslMechanism, SaslOptions, ScramMechanism } from './types.js';
export { clearScramCache } from './scram-keys.js';
export {
  CHANNEL_BINDING_TYPES,
  ChannelBindingError,
  channelBindingData,
  selectChannelBinding,
  tlsSocketOf,
  type ChannelBinding,
  type ChannelBindingType,
} from './channel-binding.js';
export { chooseSasl, type SaslChoice, type SaslWish } from './select.js';

export function createSaslClient(mechanism: SaslMechanism, creds: SaslCredentials, opts?: SaslOptions): SaslClient {
  switch (mechanism) {
    case 'PLAIN':
      return new PlainClient(creds);
    case 'ANONYMOUS':
      return new AnonymousClient();
    case 'DIGEST-MD5':
      return new DigestMd5Client(creds, opts);
    case 'EXTERNAL':
      return new ExternalClient();
    case 'SCRAM-SHA-1':
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512':
    case 'SCRAM-SHA-1-PLUS':
    case 'SCRAM-SHA-256-PLUS':
    case 'SCRAM-SHA-512-PLUS':
      return new ScramClient(mechanism, creds, opts);
    default:
      throw new ProtocolError('auth_no_mechanism', `unsupported SASL mechanism ${String(mechanism)}`);
  }
}
