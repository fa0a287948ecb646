/**
 * Non-SASL authentication, XEP-0078 (obsolete, but Tsung's iq:auth examples use it and
 * ejabberd still serves it with mod_legacy_auth).
 */
import { createHash } from 'node:crypto';
import { escapeAttr as a, escapeXml as x } from './escape.js';

const NS_AUTH = 'jabber:iq:auth';

/** XEP-0078 §3.1: digest = hex(SHA1(stream id + password)). */
export function legacyDigest(streamId: string, password: string): string {
  return createHash('sha1')
    .update(streamId + password, 'utf8')
    .digest('hex');
}

/** XEP-0078 §3.1 step 1: ask which fields the server wants. */
export function legacyAuthGet(id: string, username: string, to?: string): string {
  return (
    `<iq type='get' id='${a(id)}'${to ? ` to='${a(to)}'` : ''}>` +
    `<query xmlns='${NS_AUTH}'><username>${x(username)}</username></query></iq>`
  );
}

/** XEP-0078 §3.1 step 3, plaintext password. */
export function legacyAuthSetPlain(id: string, username: string, password: string, resource: string, to?: string): string {
  return (
    `<iq type='set' id='${a(id)}'${to ? ` to='${a(to)}'` : ''}><query xmlns='${NS_AUTH}'>` +
    `<username>${x(username)}</username><password>${x(password)}</password>` +
    `<resource>${x(resource)}</resource></query></iq>`
  );
}

/** XEP-0078 §3.1 step 3, digest of stream id + password. */
export function legacyAuthSetDigest(
  id: string,
  username: string,
  streamId: string,
  password: string,
  resource: string,
  to?: string,
): string {
  return (
    `<iq type='set' id='${a(id)}'${to ? ` to='${a(to)}'` : ''}><query xmlns='${NS_AUTH}'>` +
    `<username>${x(username)}</username><digest>${legacyDigest(streamId, password)}</digest>` +
    `<resource>${x(resource)}</resource></query></iq>`
  );
}
