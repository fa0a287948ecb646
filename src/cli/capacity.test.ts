import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.test-util.js';
import { ExitCode } from './exit-codes.js';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/scenarios/muc-nested.xml';

describe('capacity --history DIR is checked before the search starts', () => {
  const d = mkdtempSync(join(tmpdir(), 'xload-cap-history-'));
  writeFileSync(join(d, 'a-file'), 'x');
  mkdirSync(join(d, 'folder-history', 'capacity-history.jsonl'), { recursive: true });

  it.each<[string, string, RegExp]>([
    ['a file', join(d, 'a-file'), /^xload: --history .*a-file: is a file, not a folder; name a folder\n$/],
    ['a folder under a file', join(d, 'a-file', 'h'), /^xload: --history .*: .*a-file is a file, not a folder/],
    ['/proc', '/proc/xload-history', /^xload: --history \/proc\/xload-history: is under \/proc, a kernel file system/],
    ['a history file that is a folder', join(d, 'folder-history'), /capacity-history\.jsonl: is a folder, not a file/],
  ])('%s: exit 2, one line, no run folder', async (_name, history, want) => {
    const out = join(d, `run-${Math.random().toString(36).slice(2)}`);
    const r = await runMain(REPO, '-f', FIXTURE, 'capacity', '--out', out, '--history', history);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toMatch(want);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.out).toBe('');
    expect(readdirSync(d)).not.toContain(out.slice(d.length + 1));
  });
});
