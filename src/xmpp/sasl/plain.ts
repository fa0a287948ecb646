/** SASL PLAIN, RFC 4616 §2: authzid NUL authcid NUL passwd. */
import { SaslError } from '../errors.js';
import { b64, type SaslClient, type SaslCredentials } from './types.js';

export class PlainClient implements SaslClient {
  readonly mechanism = 'PLAIN' as const;
  constructor(private readonly creds: SaslCredentials) {}

  initial(): string {
    const { authzid = '', username, password } = this.creds;
    return b64(`${authzid}\0${username}\0${password}`);
  }

  challenge(): string {
    throw new SaslError('unexpected-challenge', 'PLAIN has no challenge');
  }

  success(): void {}
}
