/**
 * Base of every error xload raises on purpose. `code` is a stable snake_case word that
 * tools, tests and the exit-code table rely on; the class name is stable too.
 * Anything thrown that is not an XloadError is a bug in xload and is reported as one.
 */
export class XloadError extends Error {
  /**
   * The peer's element that caused this error, verbatim (a `<stream:error>`, an error
   * stanza, a SASL `<failure>`), when known: what error samples show the user. Set at
   * construction or, by the code that has the frame in hand, once afterwards.
   */
  detail?: string;

  constructor(
    readonly code: string,
    message: string,
    options?: XloadErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.detail !== undefined) this.detail = options.detail;
  }
}

export interface XloadErrorOptions {
  cause?: unknown;
  /** The raw peer element that caused the error (see XloadError.detail). */
  detail?: string;
}

/** A broken invariant: always a bug in xload, never the user's input. */
export class InternalError extends XloadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', `bug in xload: ${message}`, options);
  }
}

/**
 * An error of the operating system's file calls (ENOSPC, EROFS, EACCES, EIO…): the
 * machine's, not xload's, so callers say it in a line and go on instead of reporting a bug.
 */
export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)
  );
}

/** What a failed file call means, in words (ENOSPC: "no space left on the device"), for one-line messages. */
export function fileSystemErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'too many symlinks';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return e.code ? `${e.code}: ${e.message}` : String(err);
  }
}
