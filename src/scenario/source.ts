import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DiagnosticBag } from './diagnostics.js';
import { decodeScenarioBytes } from './encoding.js';

/** Larger scenarios are refused: Tsung's own are a few KiB; this keeps parsing bounded. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/**
 * Reads a scenario file as text: `.gz` (or gzip magic) is inflated, as Debian ships
 * jabber.xml.gz; size is capped before and after inflating so a zip bomb cannot blow up
 * memory. Returns undefined after reporting a diagnostic when the file is unusable.
 */
export function readScenarioSource(path: string, bag: DiagnosticBag): string | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    bag.error(undefined, `cannot read the scenario: ${describeFsError(err)}`, 'check the path given to -f');
    return undefined;
  }
  if (size > MAX_SCENARIO_BYTES) {
    bag.error(
      undefined,
      `the scenario is ${size} bytes, over the ${MAX_SCENARIO_BYTES}-byte limit`,
      'scenarios are small XML files; keep large data in a file_server CSV',
    );
    return undefined;
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    bag.error(undefined, `cannot read the scenario: ${describeFsError(err)}`, 'check the path and its permissions');
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

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'it is a directory';
  return e.message ?? String(err);
}
