/** Waiting for what a story user receives; a timeout fails with the stanzas seen so far. */
import { receiverOf, type Stanza, type StoryClient } from './client.js';
import { StoryTimeoutError } from './errors.js';
import type { Predicate } from './predicate.js';

export interface WaitOptions {
  /** ms; default 1000, as escalus's wait_for_stanza. */
  timeout?: number;
}

export const DEFAULT_WAIT_MS = 1000;

function timedOut(user: StoryClient, what: string, ms: number, wait: string): StoryTimeoutError {
  return new StoryTimeoutError(`${user.name}: ${what} within ${ms} ms\n${user.formatHistory()}`, wait);
}

/** The next unread stanza of `user` (oldest first), waiting up to `timeout`. */
export async function waitForStanza(user: StoryClient, o: WaitOptions = {}): Promise<Stanza> {
  const ms = o.timeout ?? DEFAULT_WAIT_MS;
  const s = await user.take(() => true, ms);
  if (!s) throw timedOut(user, 'no stanza arrived', ms, 'waitForStanza');
  return s;
}

/** The next `n` stanzas of `user`, in arrival order; the timeout covers them all. */
export async function waitForStanzas(user: StoryClient, n: number, o: WaitOptions = {}): Promise<Stanza[]> {
  const ms = o.timeout ?? DEFAULT_WAIT_MS;
  const deadline = performance.now() + ms;
  const got: Stanza[] = [];
  while (got.length < n) {
    const s = await user.take(() => true, Math.max(0, deadline - performance.now()));
    if (!s) {
      user.inbox.unshift(...got);
      throw timedOut(user, `only ${got.length} of ${n} stanzas arrived`, ms, 'waitForStanzas');
    }
    got.push(s);
  }
  return got;
}

/**
 * The first stanza matching `p`, skipping (and keeping unread) those that do not: for
 * where servers interleave other traffic differently (MUC history, pubsub, presence).
 */
export async function waitFor(user: StoryClient, p: Predicate, o: WaitOptions = {}): Promise<Stanza> {
  const ms = o.timeout ?? DEFAULT_WAIT_MS;
  const s = await user.take(p, ms);
  if (!s) throw timedOut(user, `no stanza matching ${p.label}`, ms, 'waitFor');
  return s;
}

/** Sleeps `ms`, then fails if any stanza arrived (escalus's assert_has_no_stanzas after a wait). */
export async function assertNoStanzas(user: StoryClient, ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  if (user.inbox.length > 0) {
    const first = user.inbox[0] as Stanza;
    const owner = receiverOf(first) ?? user;
    throw new StoryTimeoutError(`${user.name}: expected no stanzas, got ${user.inbox.length}\n${owner.formatHistory()}`, 'assertNoStanzas');
  }
}
