/** SASL ANONYMOUS, RFC 4505: an optional trace string, here empty. */
import { SaslError } from '../errors.js';
import type { SaslClient } from './types.js';

export class AnonymousClient implements SaslClient {
  readonly mechanism = 'ANONYMOUS' as const;

  initial(): string {
    // RFC 6120 §6.4.2: '=' is an empty initial response.
    return '=';
  }

  challenge(): string {
    throw new SaslError('unexpected-challenge', 'ANONYMOUS has no challenge');
  }

  success(): void {}
}
