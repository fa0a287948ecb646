/** Why a story failed: each a small named class with a stable code, as src/errors.ts asks. */
import { XloadError } from '../errors.js';

/** A stanza did not satisfy a predicate (is.*), or assertMany found no matching. */
export class StoryAssertionError extends XloadError {
  constructor(
    message: string,
    /** What failed, as a word (the predicate's name, or 'assertMany'): a story under load counts failures by it. */
    readonly what = 'assertion',
  ) {
    super('story_assertion', message);
  }
}

/** waitForStanza / waitForStanzas ran out of time. */
export class StoryTimeoutError extends XloadError {
  constructor(
    message: string,
    /** The wait that ran out ('waitForStanza', 'waitFor', ...), counted by it under load. */
    readonly what = 'wait',
  ) {
    super('story_timeout', message);
  }
}

/** The story ended with stanzas nobody read, and failOnUnread was asked for. */
export class StoryUnreadError extends XloadError {
  constructor(message: string) {
    super('story_unread', message);
  }
}

/** The story's options are unusable (unknown transport, no account for a user). */
export class StoryConfigError extends XloadError {
  constructor(message: string) {
    super('story_config', message);
  }
}

/** `fresh` accounts could not be registered (registration off, not allowed, server unreachable). */
export class StoryFreshError extends XloadError {
  constructor(message: string) {
    super('story_fresh', message);
  }
}
