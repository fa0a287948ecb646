import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FileTooLargeError,
  NotAFileError,
  readErrorText,
  readRegularFile,
  readRegularFileSync,
  readRegularTextSync,
} from './read-regular-file.js';

let dir: string;
let fifo: string;
let socketPath: string;
const closeSocket: Array<() => void> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xload-rrf-'));
  fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'folder'));
  symlinkSync(fifo, join(dir, 'link-to-fifo'));
  socketPath = join(dir, 'sock');
  const server = createServer();
  await new Promise<void>((ok) => server.listen(socketPath, ok));
  closeSocket.push(() => server.close());
});

afterAll(() => {
  for (const c of closeSocket) c();
  rmSync(dir, { recursive: true, force: true });
});

/** Every kind of path that is not a regular file, with the words its refusal must say. */
function notFiles(): Array<[string, string]> {
  return [
    [fifo, 'FIFO'],
    [join(dir, 'link-to-fifo'), 'FIFO'],
    ['/dev/zero', 'device'],
    ['/dev/null', 'device'],
    ['/dev/urandom', 'device'],
    [join(dir, 'folder'), 'folder'],
    ['/', 'folder'],
    [socketPath, 'socket'],
  ];
}

describe('readRegularFileSync', () => {
  it('refuses every path that is not a regular file, at once and in words', () => {
    for (const [path, words] of notFiles()) {
      let caught: unknown;
      try {
        readRegularFileSync(path, { maxBytes: 1024 });
      } catch (err) {
        caught = err;
      }
      expect(caught, path).toBeInstanceOf(NotAFileError);
      expect((caught as NotAFileError).code).toBe('not_a_file');
      expect((caught as NotAFileError).message).toContain(path);
      expect((caught as NotAFileError).message).toContain(words);
      expect(readErrorText(caught)).toContain(words);
    }
  });

  it('async: refuses the same paths (no open waits for a FIFO writer)', async () => {
    expect.assertions(notFiles().length * 2);
    for (const [path, words] of notFiles()) {
      const err = await readRegularFile(path, { maxBytes: 1024 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotAFileError);
      expect((err as Error).message).toContain(words);
    }
  });

  it('reads any regular file within its limit byte for byte, and refuses any over it with both sizes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 3000 }), (bytes, maxBytes) => {
        const path = join(dir, 'data');
        writeFileSync(path, bytes);
        if (bytes.length <= maxBytes) {
          expect(Buffer.compare(readRegularFileSync(path, { maxBytes }), Buffer.from(bytes))).toBe(0);
        } else {
          let caught: unknown;
          try {
            readRegularFileSync(path, { maxBytes });
          } catch (err) {
            caught = err;
          }
          expect(caught).toBeInstanceOf(FileTooLargeError);
          expect((caught as FileTooLargeError).code).toBe('file_too_large');
          expect((caught as Error).message).toContain(`${bytes.length} bytes`);
          expect((caught as Error).message).toContain(`${maxBytes}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads files whose stat says 0 bytes (/proc) to their end', async () => {
    expect.assertions(2);
    expect(readRegularTextSync('/proc/self/status', { maxBytes: 1 << 20 })).toMatch(/^Name:/);
    expect((await readRegularFile('/proc/self/stat', { maxBytes: 1 << 20 })).length).toBeGreaterThan(10);
  });

  it("passes a file call's own error through, said in words by readErrorText", () => {
    let caught: unknown;
    try {
      readRegularFileSync(join(dir, 'missing'), { maxBytes: 10 });
    } catch (err) {
      caught = err;
    }
    expect((caught as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(readErrorText(caught)).toBe('no such file');
  });
});
