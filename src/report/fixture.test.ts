import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson } from './ndjson.js';
import { writeSyntheticRun } from './synthetic-run.js';
import type { SyntheticRunOptions } from './synthetic-run.js';

/**
 * Recorded runs in test/fixtures/runs/ (for report and browser tests) are made by
 * writeSyntheticRun; this test proves they still are. To remake them after a deliberate
 * format change: XLOAD_UPDATE_FIXTURES=1 npx vitest run --project unit src/report/fixture.test.ts
 */
const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'runs');
const update = process.env['XLOAD_UPDATE_FIXTURES'] === '1';

const runs: { name: string; opts: SyntheticRunOptions; tail?: string }[] = [
  { name: 'chat-small', opts: { intervals: 30, shards: 2, arrivalsPerInterval: 4, seed: 2026 } },
  // Killed with SIGKILL mid-write: no end line, and half an interval line at the end.
  {
    name: 'chat-killed',
    opts: { intervals: 12, shards: 2, arrivalsPerInterval: 4, seed: 7, finish: false },
    tail: '{"type":"interval","t_s":13,"interval_ms":1000,"coun',
  },
];

describe('recorded run fixtures', () => {
  for (const run of runs) {
    it(`${run.name} matches what writeSyntheticRun makes`, async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'xload-fixture-'));
      await writeSyntheticRun(tmp, run.opts);
      const fresh = readFileSync(join(tmp, 'stats.ndjson'), 'utf8') + (run.tail ?? '');
      const path = join(FIXTURES, run.name, 'stats.ndjson');
      if (update) {
        mkdirSync(join(FIXTURES, run.name), { recursive: true });
        writeFileSync(path, fresh);
      }
      expect(readFileSync(path, 'utf8')).toBe(fresh);
      const back = readStatsNdjson(path);
      expect(back.intervals).toHaveLength(run.opts.intervals);
      expect(back.warnings).toHaveLength(run.tail === undefined ? 0 : 1);
    });
  }
});
