/** SASL EXTERNAL (RFC 4422 Appendix A, XEP-0178): the identity comes from the TLS layer. */
import { SaslError } from '../errors.js';
import type { SaslClient } from './types.js';

export class ExternalClient implements SaslClient {
  readonly mechanism = 'EXTERNAL' as const;

  initial(): string {
    // XEP-0178 §3: an empty response ('=') asks the server to derive the authzid.
    return '=';
  }

  challenge(): string {
    throw new SaslError('unexpected-challenge', 'EXTERNAL has no challenge');
  }

  success(): void {}
}
