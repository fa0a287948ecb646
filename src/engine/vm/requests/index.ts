import type { JabberType } from '../../../scenario/plan.js';
import { authGet, authSasl, authSaslAnonymous, authSaslBind, authSaslSession, authSetDigest, authSetPlain, register } from './auth.js';
import { authSaslExternal, authSetSip } from './auth-extra.js';
import { chat, ping, raw, rosterGet, wait } from './messaging.js';
import { mucChat, mucExit, mucJoin, mucNick } from './muc.js';
import { presenceAvailable, presenceBroadcast, presenceDirected, presenceFinal, presenceInitial } from './presence.js';
import { privacyGetNames, privacySetActive } from './privacy.js';
import { pubsubCreate, pubsubDelete, pubsubPublish, pubsubSubscribe, pubsubUnsubscribe } from './pubsub.js';
import { presenceRoster, presenceSubscribe, rosterAdd, rosterRemove, rosterRename } from './roster.js';
import { blockAdd, blockGet, blockRemove, carbonsDisable, carbonsEnable, csiActive, csiInactive } from './extensions.js';
import { mamQuery } from './mam.js';
import { dropConnection, reconnectOn } from './reconnect.js';
import { smEnableRequest, smRequestAck } from './sm.js';
import type { RequestHandler } from './sent.js';
import { close, connect, startTls } from './stream.js';

export { Sent, type RequestHandler } from './sent.js';

/**
 * The request types this engine runs, by Tsung's `<jabber type>`. Typed against
 * `JabberType` (jabber-types.ts' keys), so a type the compiler knows and no handler runs
 * does not compile; a plan from elsewhere naming a type this build lacks (an agent of
 * another version) ends the user with `unsupported_request` (request-runner.ts).
 */
export const REQUEST_HANDLERS: Readonly<Record<JabberType, RequestHandler>> = {
  connect,
  close,
  starttls: startTls,
  auth_sasl: authSasl,
  auth_sasl_anonymous: authSaslAnonymous,
  auth_sasl_external: authSaslExternal,
  auth_sasl_bind: authSaslBind,
  auth_sasl_session: authSaslSession,
  auth_get: authGet,
  auth_set_plain: authSetPlain,
  auth_set_digest: authSetDigest,
  auth_set_sip: authSetSip,
  register,
  presence: presenceAvailable,
  'presence:initial': presenceInitial,
  'presence:final': presenceFinal,
  'presence:broadcast': presenceBroadcast,
  'presence:directed': presenceDirected,
  'presence:roster': presenceRoster,
  'presence:subscribe': presenceSubscribe,
  chat,
  raw,
  wait,
  ping,
  'iq:roster:get': rosterGet,
  'iq:roster:add': rosterAdd,
  'iq:roster:rename': rosterRename,
  'iq:roster:remove': rosterRemove,
  'muc:join': mucJoin,
  'muc:chat': mucChat,
  'muc:nick': mucNick,
  'muc:exit': mucExit,
  'pubsub:create': pubsubCreate,
  'pubsub:delete': pubsubDelete,
  'pubsub:subscribe': pubsubSubscribe,
  'pubsub:unsubscribe': pubsubUnsubscribe,
  'pubsub:publish': pubsubPublish,
  'privacy:get_names': privacyGetNames,
  'privacy:set_active': privacySetActive,
  // xload extensions (README "Extensions").
  'sm:enable': smEnableRequest,
  'sm:request': smRequestAck,
  'xload:reconnect': reconnectOn,
  'xload:drop': dropConnection,
  'carbons:enable': carbonsEnable,
  'carbons:disable': carbonsDisable,
  'csi:active': csiActive,
  'csi:inactive': csiInactive,
  'block:add': blockAdd,
  'block:remove': blockRemove,
  'block:get': blockGet,
  'mam:query': mamQuery,
};
