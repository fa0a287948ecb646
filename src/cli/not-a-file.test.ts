import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type MainResult } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';

/**
 * Issue 13: every file the CLI reads, given a FIFO, a device or a folder, is refused in one
 * line that says what the path is, with a documented exit code; none hangs (a FIFO with no
 * writer would block a plain read forever: vitest's timeout catches that).
 */
const REPO = resolve(import.meta.dirname, '../..');
const RUNS = join(REPO, 'test', 'fixtures', 'runs');
const dir = mkdtempSync(join(tmpdir(), 'xload-notafile-'));

/** Each bad path, and a word its refusal says. */
const kinds = (): Array<[string, string, string]> => [
  ['a FIFO', join(dir, 'fifo'), 'FIFO'],
  ['/dev/zero', '/dev/zero', 'device'],
  ['a folder', join(dir, 'folder'), 'folder'],
];

beforeAll(() => {
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLine(r: MainResult, path: string, words: string, code: number): void {
  expect(r.code, r.err).toBe(code);
  expect(r.err).toContain(path);
  expect(r.err).toContain(words);
  expect(r.err).not.toMatch(/bug in xload|\n\s+at /);
  expect(r.err.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
}

describe('a path that is not a regular file', () => {
  it.each(kinds())('-f %s: check says what it is, exit 3', async (_k, path, words) => {
    const r = await runMain(dir, '-f', path, 'check');
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.err).toContain(words);
    expect(r.err).not.toMatch(/bug in xload|\n\s+at /);
  });

  it.each(kinds())('a file_server data file is %s: check says what it is, exit 3', async (_k, path, words) => {
    const r = await runMain(REPO, '-f', 'test/fixtures/scenarios/bosh-csv.xml', 'check', '--file-server', `userdb=${path}`);
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.err).toContain(`${path} is `);
    expect(r.err).toContain(words);
  });

  it.each(kinds())('stats.ndjson is %s: report says so, exit 6', async (_k, path, words) => {
    const run = join(dir, `run-${words}`);
    rmSync(run, { recursive: true, force: true });
    mkdirSync(run);
    execFileSync('ln', ['-s', path, join(run, 'stats.ndjson')]);
    const r = await runMain(dir, 'report', run);
    expectOneLine(r, run, words, ExitCode.badInput);
  });

  it.each(kinds())('compare given %s: says so, exit 6', async (_k, path, words) => {
    cpSync(join(RUNS, 'chat-small'), join(dir, 'good'), { recursive: true });
    const r = await runMain(dir, 'compare', 'good', path);
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toContain(words === 'folder' ? 'neither' : words);
    expect(r.err).not.toMatch(/bug in xload|\n\s+at /);
  });

  it.each(kinds())('summary.json is %s: compare says so, exit 6', async (_k, path, words) => {
    const run = join(dir, `sum-${words}`);
    rmSync(run, { recursive: true, force: true });
    mkdirSync(run);
    execFileSync('ln', ['-s', path, join(run, 'summary.json')]);
    cpSync(join(RUNS, 'chat-small'), join(dir, 'good'), { recursive: true });
    const r = await runMain(dir, 'compare', 'good', run);
    expectOneLine(r, run, words, ExitCode.badInput);
  });

  it.each(kinds())('agent --token-file %s: says so, exit 2, listens on nothing', async (_k, path, words) => {
    const r = await runMain(dir, 'agent', '--listen', '127.0.0.1:0', '--token-file', path);
    expectOneLine(r, path, words, ExitCode.usage);
  });

  it.each(kinds())('agent --tls-cert %s: says so, exit 2', async (_k, path, words) => {
    writeFileSync(join(dir, 'token'), 'secret\n');
    const r = await runMain(dir, 'agent', '--listen', '127.0.0.1:0', '--token-file', 'token', '--tls-cert', path, '--tls-key', path);
    expectOneLine(r, path, words, ExitCode.usage);
  });
});

describe('a file over its limit', () => {
  it('a 17 MiB scenario (sparse): check says both sizes, exit 3', async () => {
    const big = join(dir, 'big.xml');
    writeFileSync(big, '');
    truncateSync(big, 17 * 1024 * 1024);
    const r = await runMain(dir, '-f', big, 'check');
    expect(r.code).toBe(ExitCode.invalidScenario);
    expect(r.err).toMatch(/17825792 bytes, over the 16777216-byte limit/);
  });

  it('a 600 MiB stats.ndjson (sparse): report says the limit, exit 6, reads nothing', async () => {
    const run = join(dir, 'run-big');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'stats.ndjson'), '');
    truncateSync(join(run, 'stats.ndjson'), 600 * 1024 * 1024);
    const r = await runMain(dir, 'report', run);
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toMatch(/over the 500 MiB \(524288000 bytes\) limit/);
  });

  it('a 1 MiB token file: agent refuses it, exit 2', async () => {
    const tok = join(dir, 'big-token');
    writeFileSync(tok, '');
    truncateSync(tok, 1024 * 1024);
    const r = await runMain(dir, 'agent', '--listen', '127.0.0.1:0', '--token-file', tok);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toMatch(/--token-file .*over the 64 KiB/);
  });
});
