/** Assertions over received stanzas; failures print the receiving user's stanza history. */
import { receiverOf, type Stanza, type StoryClient } from './client.js';
import { StoryAssertionError } from './errors.js';
import { bareJid, jidOf, type Addressee } from './jid.js';
import { is } from './is.js';
import type { Predicate } from './predicate.js';

function historyOf(stanzas: readonly Stanza[]): string {
  const owner = stanzas.map(receiverOf).find((c): c is StoryClient => c !== undefined);
  return owner ? `\n${owner.formatHistory()}` : '';
}

/** A predicate's name without its arguments (`chatMessage("hi")` -> `chatMessage`), as one word. */
export function predicateName(p: Predicate): string {
  const head = p.label.split('(')[0]?.replace(/^is\./, '') ?? '';
  return /^[A-Za-z0-9_]{1,64}$/.test(head) ? head : 'predicate';
}

/** Fails unless `s` satisfies every predicate; returns `s` for chaining. */
export function assertIs(s: Stanza, ...ps: Predicate[]): Stanza {
  const failed = ps.filter((p) => !p(s));
  if (failed.length > 0) {
    throw new StoryAssertionError(
      `stanza is not ${failed.map((p) => p.label).join(', ')}:\n  ${s.raw}${historyOf([s])}`,
      predicateName(failed[0] as Predicate),
    );
  }
  return s;
}

/**
 * Fails unless each predicate matches a different stanza, in any order (escalus's
 * assert_many): a bipartite matching, so one stanza never satisfies two predicates.
 */
export function assertMany(stanzas: readonly Stanza[], ps: readonly Predicate[]): void {
  if (stanzas.length !== ps.length) {
    throw new StoryAssertionError(`assertMany: ${stanzas.length} stanzas for ${ps.length} predicates${historyOf(stanzas)}`, 'assertMany');
  }
  const owner = new Array<number>(stanzas.length).fill(-1);
  const augment = (pi: number, seen: boolean[]): boolean => {
    const p = ps[pi] as Predicate;
    for (let si = 0; si < stanzas.length; si++) {
      if (seen[si] || !p(stanzas[si] as Stanza)) continue;
      seen[si] = true;
      if (owner[si] === -1 || augment(owner[si] as number, seen)) {
        owner[si] = pi;
        return true;
      }
    }
    return false;
  };
  const unmatched = ps.filter((_, pi) => !augment(pi, new Array<boolean>(stanzas.length).fill(false)));
  if (unmatched.length > 0) {
    const got = stanzas.map((s) => `  ${s.raw}`).join('\n');
    throw new StoryAssertionError(
      `assertMany: nothing matches ${unmatched.map((p) => p.label).join(', ')} among:\n${got}${historyOf(stanzas)}`,
      'assertMany',
    );
  }
}

/** A predicate: the roster result or push lists `contact` (escalus's roster_contains). */
export function rosterContains(contact: Addressee): Predicate {
  const p = is.rosterItem(contact);
  return Object.assign((s: Stanza) => p(s), { label: `rosterContains(${bareJid(jidOf(contact))})` });
}
