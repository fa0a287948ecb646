import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAppendFolder, checkOutputFile, OutputPathError, prepareOutputFolder, RUN_FILES } from './output-paths.js';

/** A scratch folder with: a file, an empty folder, an earlier run, links to kernel paths. */
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'xload-paths-'));
  writeFileSync(join(d, 'a-file'), 'x');
  mkdirSync(join(d, 'empty'));
  for (const f of RUN_FILES) {
    mkdirSync(join(d, `run-${f}`));
    writeFileSync(join(d, `run-${f}`, f), '{}');
  }
  symlinkSync('/proc/self', join(d, 'to-proc'));
  symlinkSync('/dev/full', join(d, 'to-full'));
  symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
  return d;
}

const message = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (err) {
    if (!(err instanceof OutputPathError)) throw err;
    expect(err.code).toBe('output_path');
    expect(err.message).not.toContain('\n');
    return err.message;
  }
};

describe('prepareOutputFolder', () => {
  const d = scratch();
  it.each<[string, string, boolean, RegExp | null]>([
    ['a new folder', 'new/deeper', false, null],
    ['an empty folder', 'empty', false, null],
    ['a file', 'a-file', false, /^--out a-file: is a file, not a folder/],
    ['a folder under a file', 'a-file/sub', false, /a-file is a file, not a folder/],
    ['/proc', '/proc/xload', false, /is under \/proc, a kernel file system/],
    ['/sys', '/sys/kernel/xload', false, /is under \/sys/],
    ['/dev', '/dev/xload', false, /is under \/dev/],
    ['a link into /proc', 'to-proc/x', false, /is under \/proc/],
    ['a link to /dev/full', 'to-full', false, /is under \/dev/],
    ...RUN_FILES.map((f): [string, string, boolean, RegExp | null] => [
      `an earlier run (${f})`,
      `run-${f}`,
      false,
      new RegExp(`holds an earlier run \\(${f.replace('.', '\\.')}\\); pick a new folder, or add --force`),
    ]),
    ['an earlier run with --force', 'run-summary.json', true, null],
  ])('%s', (_name, path, force, want) => {
    const got = message(() => prepareOutputFolder({ flag: '--out', path, cwd: d, runFolder: true, force }));
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });

  it('creates nothing and leaves no probe behind', () => {
    const before = readdirSync(d).sort();
    prepareOutputFolder({ flag: '--out', path: 'new/deeper', cwd: d, runFolder: true });
    expect(readdirSync(d).sort()).toEqual(before);
  });

  it('an earlier run under -l is no refusal (the run gets a new run id folder)', () => {
    expect(message(() => prepareOutputFolder({ flag: '--log-dir', path: 'run-summary.json', cwd: d }))).toBeNull();
  });
});

describe('checkOutputFile', () => {
  const d = scratch();
  it.each<[string, string, RegExp | null]>([
    ['a new file', 'junit.xml', null],
    ['a new file in a new folder', 'ci/out/junit.xml', null],
    ['an existing file', 'a-file', null],
    ['/dev/null', '/dev/null', null],
    ['a folder', 'empty', /is a folder, not a file/],
    ['a file under a file', 'a-file/junit.xml', /a-file is a file, not a folder/],
    ['/dev/full', '/dev/full', /is a device, not a file/],
    ['a link to /dev/full', 'to-full', /is a link to \/dev\/full, not a file/],
    ['/proc', '/proc/self/xload.xml', /is under \/proc/],
    ['/sys', '/sys/xload.xml', /is under \/sys/],
    ['a dangling link into nowhere', 'dangling', null],
  ])('%s', (_name, path, want) => {
    const got = message(() => checkOutputFile('--junit', path, d));
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe('checkAppendFolder (capacity --history DIR)', () => {
  const d = scratch();
  const H = 'capacity-history.jsonl';
  mkdirSync(join(d, 'with-history'));
  writeFileSync(join(d, 'with-history', H), '{}\n');
  mkdirSync(join(d, 'history-is-folder', H), { recursive: true });
  mkdirSync(join(d, 'history-to-full'));
  symlinkSync('/dev/full', join(d, 'history-to-full', H));
  it.each<[string, string, RegExp | null]>([
    ['a new folder (made at the end)', 'nightly/history', null],
    ['an empty folder', 'empty', null],
    ['a folder with a history', 'with-history', null],
    ['a folder holding an earlier run (no refusal: not a run folder)', 'run-summary.json', null],
    ['a file', 'a-file', /^--history a-file: is a file, not a folder/],
    ['a folder under a file', 'a-file/history', /a-file is a file, not a folder/],
    ['/proc', '/proc/xload-history', /is under \/proc, a kernel file system/],
    ['/dev', '/dev/xload-history', /is under \/dev/],
    ['a link into /proc', 'to-proc/history', /is under \/proc/],
    [
      'a history file that is a folder',
      'history-is-folder',
      /^--history history-is-folder\/capacity-history\.jsonl: is a folder, not a file/,
    ],
    ['a history file linked to /dev/full', 'history-to-full', /capacity-history\.jsonl: is a link to \/dev\/full, not a file/],
  ])('%s', (_name, path, want) => {
    const got = message(() => checkAppendFolder('--history', path, H, d));
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });

  it('creates nothing', () => {
    const before = readdirSync(d).sort();
    checkAppendFolder('--history', 'nightly/history', H, d);
    expect(readdirSync(d).sort()).toEqual(before);
  });
});
