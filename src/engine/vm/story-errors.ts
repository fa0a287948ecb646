/**
 * Error classes of a `<story>` run under load, each counted by what failed so that
 * summary.json says which assertion or wait gives first: `story_assertion.chatMessage`,
 * `story_timeout.waitForStanza`, `story_error.TypeError`, `story_load`.
 */
import { XloadError } from '../../errors.js';

/** An is.* predicate (or assertMany) did not hold; the message carries the user's stanza history. */
export class StoryAssertionFailed extends XloadError {
  constructor(what: string, message: string) {
    super(`story_assertion.${what}`, message);
  }
}

/** A wait of the story ran out of time. */
export class StoryTimedOut extends XloadError {
  constructor(what: string, message: string) {
    super(`story_timeout.${what}`, message);
  }
}

/** The story's own code threw something that is not an xload error (a bug in the story, or an explicit throw). */
export class StoryThrew extends XloadError {
  constructor(name: string, message: string) {
    super(`story_error.${name}`, message);
  }
}

/** The story module cannot be imported, or does not export a story. */
export class StoryLoadError extends XloadError {
  constructor(message: string) {
    super('story_load', message);
  }
}
