import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson } from './ndjson.js';
import { buildSummary } from './summary.js';
import { writeOrSay, writeRunOutputs } from './write-run.js';
import { writeSyntheticRun } from './synthetic-run.js';

describe('writeRunOutputs', () => {
  it('writes summary.json and report.html, and a rebuild gives the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-out-'));
    const live = await writeSyntheticRun(dir, { intervals: 8, seed: 11 });
    const out = writeRunOutputs(dir);
    const summaryText = readFileSync(out.summaryPath, 'utf8');
    const html = readFileSync(out.htmlPath, 'utf8');
    const file = readStatsNdjson(join(dir, 'stats.ndjson'));
    expect(JSON.parse(summaryText)).toEqual(
      buildSummary({ header: file.header, totals: live.totals, ...(file.end ? { end: file.end } : {}) }),
    );
    expect(out.summary.schema).toBe('xload.summary/3');
    writeRunOutputs(dir);
    expect(readFileSync(out.summaryPath, 'utf8')).toBe(summaryText);
    expect(readFileSync(out.htmlPath, 'utf8')).toBe(html);
  });
});

describe('writeOrSay', () => {
  it('a write the file system refuses is returned as one line, not thrown; any other error is thrown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-write-or-say-'));
    symlinkSync('/dev/full', join(dir, 'full.html'));
    expect(writeOrSay(join(dir, 'full.html'), () => '<html>')).toBe(
      `could not write ${join(dir, 'full.html')}: no space left on the device`,
    );
    expect(writeOrSay(join(dir, 'ok.html'), () => '<html>')).toBeUndefined();
    expect(readFileSync(join(dir, 'ok.html'), 'utf8')).toBe('<html>');
    expect(() =>
      writeOrSay(join(dir, 'x'), () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
