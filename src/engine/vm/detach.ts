/**
 * A copy of `s` that does not point into the string it was sliced from. Frame text is a
 * slice of the receive buffer (src/xmpp), so a user that keeps a captured value (its JID,
 * a dyn_variable) would otherwise keep the whole received chunk alive while idle.
 */
export function detach(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
