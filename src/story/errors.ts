/** Why a story failed: each a small named class with a stable code, as src/errors.ts asks. */
import { XloadError } from '../errors.js';

/** A stanza did not satisfy a predicate (is.*), or assertMany found no matching. */
export class StoryAssertionError extends XloadError {
  constructor(message: string) {
    super('story_assertion', message);
  }
}

/** waitForStanza / waitForStanzas ran out of time. */
export class StoryTimeoutError extends XloadError {
  constructor(message: string) {
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
