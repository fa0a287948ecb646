/**
 * Base of every error xload raises on purpose. `code` is a stable snake_case word that
 * tools, tests and the exit-code table rely on; the class name is stable too.
 * Anything thrown that is not an XloadError is a bug in xload and is reported as one.
 */
export class XloadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A broken invariant: always a bug in xload, never the user's input. */
export class InternalError extends XloadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', `bug in xload: ${message}`, options);
  }
}
