/**
 * Every `<jabber type>` Tsung 1.7 accepts (ts_jabber_common:get_message/1 and
 * get_message2/1), with the attributes each one needs. The compiler knows all of them;
 * the engine implements them issue by issue.
 */
export interface JabberTypeInfo {
  /** Attributes without which Tsung builds a broken stanza or crashes. */
  required: readonly string[];
  /** One line on what the request sends, for summaries and hints. */
  sends: string;
}

const T = (sends: string, required: readonly string[] = []): JabberTypeInfo => ({ sends, required });

export const JABBER_TYPES = {
  connect: T('opens the XML stream (RFC 6120 §4.2)'),
  starttls: T('STARTTLS negotiation (RFC 6120 §5)'),
  close: T('closes the stream (RFC 6120 §4.4)'),
  wait: T('sends nothing; waits for the ack'),
  register: T('in-band registration (XEP-0077)'),
  auth_get: T('legacy auth field request (XEP-0078)'),
  auth_set_plain: T('legacy plaintext auth (XEP-0078)'),
  auth_set_digest: T('legacy digest auth (XEP-0078); needs the stream id in dynvar sid'),
  auth_set_sip: T('legacy SIP-digest auth; needs dynvar nonce'),
  auth_sasl: T('SASL auth, PLAIN by default (RFC 6120 §6)'),
  auth_sasl_anonymous: T('SASL ANONYMOUS (RFC 4505)'),
  auth_sasl_external: T('SASL EXTERNAL (XEP-0178)'),
  auth_sasl_bind: T('resource binding (RFC 6120 §7)'),
  auth_sasl_session: T('session establishment (RFC 3921 §3)'),
  presence: T('plain <presence/>'),
  'presence:initial': T('initial presence; the user becomes "online" (RFC 6121 §4.2)'),
  'presence:final': T('unavailable presence (RFC 6121 §4.5)'),
  'presence:broadcast': T('presence with show/status (RFC 6121 §4.7)'),
  'presence:directed': T('directed presence to an online user (RFC 6121 §4.6)'),
  'presence:roster': T('presence to the last roster contact'),
  'presence:subscribe': T('subscription request to the last roster contact (RFC 6121 §3.1)'),
  chat: T('a chat message to a destination user (RFC 6121 §5)'),
  'iq:roster:get': T('roster get (RFC 6121 §2.2)'),
  'iq:roster:add': T('roster add of a destination user (RFC 6121 §2.3)'),
  'iq:roster:rename': T('roster rename of the last contact into group (RFC 6121 §2.4)'),
  'iq:roster:remove': T('roster remove of the last contact (RFC 6121 §2.5)'),
  raw: T('the data attribute, as is', ['data']),
  'pubsub:create': T('create a node (XEP-0060 §8.1)'),
  'pubsub:delete': T('delete a node (XEP-0060 §8.4)', ['node']),
  'pubsub:subscribe': T('subscribe to a node (XEP-0060 §6.1)', ['node']),
  'pubsub:unsubscribe': T('unsubscribe from a node (XEP-0060 §6.2)', ['node']),
  'pubsub:publish': T('publish an item of size bytes (XEP-0060 §7.1)', ['node']),
  'muc:join': T('join a room (XEP-0045 §7.2)', ['room', 'nick']),
  'muc:chat': T('groupchat message of size bytes (XEP-0045 §7.4)', ['room']),
  'muc:nick': T('change nickname (XEP-0045 §7.6)', ['room', 'nick']),
  'muc:exit': T('leave a room (XEP-0045 §7.14)', ['room', 'nick']),
  'privacy:get_names': T('privacy list names (XEP-0016 §2.3)'),
  'privacy:set_active': T('set the active privacy list (XEP-0016 §2.4)'),
  // xload extensions (not in Tsung): listed in README "Extensions".
  ping: T('xload: client-to-server ping, the reply is the iq result (XEP-0199 §4.2)'),
  'sm:enable': T('xload: enable stream management with resumption (XEP-0198 §3)'),
  'sm:request': T('xload: request an ack <r/> and wait for <a/> (XEP-0198 §4)'),
  'xload:reconnect': T('xload: reconnect with back-off when the server drops this user'),
  'xload:drop': T('xload: drop the connection as a dead network would (tests reconnects)'),
  'carbons:enable': T('xload: enable message carbons (XEP-0280 §4)'),
  'carbons:disable': T('xload: disable message carbons (XEP-0280 §5)'),
  'csi:active': T('xload: client state active (XEP-0352)'),
  'csi:inactive': T('xload: client state inactive (XEP-0352)'),
  'block:add': T('xload: block a destination user (XEP-0191 §3.3)'),
  'block:remove': T('xload: unblock the last blocked user (XEP-0191 §3.4)'),
  'block:get': T('xload: get the block list (XEP-0191 §3.2)'),
  'mam:query': T('xload: query one page of size messages from the archive (XEP-0313 §4)'),
} as const satisfies Record<string, JabberTypeInfo>;

/** Every `<jabber type>` Tsung 1.7 accepts (ts_jabber_common.erl), plus xload's own. */
export type JabberType = keyof typeof JABBER_TYPES;

export const JABBER_TYPE_NAMES = Object.keys(JABBER_TYPES) as readonly JabberType[];

export function isJabberType(type: string): type is JabberType {
  return Object.hasOwn(JABBER_TYPES, type);
}
