import { gunzipSync } from 'node:zlib';
import type { DiagnosticBag } from './diagnostics.js';
import { decodeScenarioBytes } from './encoding.js';
import { FileTooLargeError, readErrorText, readRegularFileSync } from '../read-regular-file.js';

/** Larger scenarios are refused: Tsung's own are a few KiB; this keeps parsing bounded. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/**
 * Reads a scenario file as text: `.gz` (or gzip magic) is inflated, as Debian ships
 * jabber.xml.gz; size is capped before and after inflating so a zip bomb cannot blow up
 * memory. Returns undefined after reporting a diagnostic when the file is unusable.
 */
export function readScenarioSource(path: string, bag: DiagnosticBag): string | undefined {
  let buf: Buffer;
  try {
    buf = readScenarioBytes(path);
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      bag.error(
        undefined,
        `the scenario is ${err.sizeBytes} bytes, over the ${MAX_SCENARIO_BYTES}-byte limit`,
        'scenarios are small XML files; keep large data in a file_server CSV',
      );
    } else {
      bag.error(undefined, `cannot read the scenario: ${readErrorText(err)}`, 'check the path given to -f');
    }
    return undefined;
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_SCENARIO_BYTES });
    } catch (err) {
      const tooBig = err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      bag.error(
        undefined,
        tooBig
          ? `the gzipped scenario inflates to over ${MAX_SCENARIO_BYTES} bytes`
          : `the gzipped scenario is corrupt (${(err as Error).message})`,
        tooBig ? 'scenarios are small XML files' : 'decompress it with zcat to check it',
      );
      return undefined;
    }
  }
  return decodeScenarioBytes(buf, bag);
}

/**
 * A scenario file's bytes as they are on disk (gzip not inflated), for the run folder's
 * copy and the capacity history's hash. Throws NotAFileError, FileTooLargeError or the file call's error.
 */
export function readScenarioBytes(path: string): Buffer {
  return readRegularFileSync(path, { maxBytes: MAX_SCENARIO_BYTES });
}
