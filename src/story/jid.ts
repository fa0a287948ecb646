/** JID helpers the story API needs: comparisons are on the bare or full form, case-folded. */

/** `user@domain/res` -> `user@domain`. */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).toLowerCase();
}

/** The resource part, or '' when there is none. */
export function resourceOf(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? '' : jid.slice(slash + 1);
}

/** Anything a builder or predicate accepts as an address: a JID string or a story client. */
export interface HasJid {
  readonly jid: string;
}
export type Addressee = string | HasJid;

export function jidOf(a: Addressee): string {
  return typeof a === 'string' ? a : a.jid;
}
