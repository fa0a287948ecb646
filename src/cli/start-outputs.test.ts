import { describe, expect, it } from 'vitest';
import { exitCodeFor, renderThresholdLines } from './start-outputs.js';
import { ExitCode } from './exit-codes.js';
import type { Summary } from '../report/summary-types.js';

const base = { thresholds: [] } as unknown as Summary;
const failing = {
  thresholds: [
    { expr: 'p99(connect) < 1ms', ok: false, value: 2.5 },
    { expr: 'messages.lost == 0', ok: true, value: 0 },
  ],
} as unknown as Summary;

describe('exit codes of start', () => {
  it.each([
    ['completed', base, ExitCode.ok],
    ['completed', failing, ExitCode.thresholdsFailed],
    ['aborted', failing, ExitCode.aborted],
    ['failed', failing, ExitCode.runFailed],
  ] as const)('%s run, thresholds → %i', (status, s, code) => {
    expect(exitCodeFor(status, s)).toBe(code);
  });

  it('prints one line per threshold with its value in its unit', () => {
    expect(renderThresholdLines(failing)).toEqual([
      '  thresholds 1 of 2 FAILED',
      '    FAIL  p99(connect) < 1ms  (2.5 ms)',
      '    pass  messages.lost == 0  (0)',
    ]);
    expect(renderThresholdLines(base)).toEqual([]);
  });
});
