import { authGet, authSasl, authSaslAnonymous, authSaslBind, authSaslSession, authSetDigest, authSetPlain, register } from './auth.js';
import { chat, ping, raw, rosterGet, wait } from './messaging.js';
import { presenceAvailable, presenceBroadcast, presenceDirected, presenceFinal, presenceInitial } from './presence.js';
import type { RequestHandler } from './sent.js';
import { close, connect, startTls } from './stream.js';

export { Sent, type RequestHandler } from './sent.js';

/**
 * The request types this engine runs, by Tsung's `<jabber type>`. Types the compiler
 * knows but that are missing here end the user with `unsupported_request`.
 */
export const REQUEST_HANDLERS: Readonly<Record<string, RequestHandler>> = {
  connect,
  close,
  starttls: startTls,
  auth_sasl: authSasl,
  auth_sasl_anonymous: authSaslAnonymous,
  auth_sasl_bind: authSaslBind,
  auth_sasl_session: authSaslSession,
  auth_get: authGet,
  auth_set_plain: authSetPlain,
  auth_set_digest: authSetDigest,
  register,
  presence: presenceAvailable,
  'presence:initial': presenceInitial,
  'presence:final': presenceFinal,
  'presence:broadcast': presenceBroadcast,
  'presence:directed': presenceDirected,
  chat,
  raw,
  wait,
  ping,
  'iq:roster:get': rosterGet,
};
