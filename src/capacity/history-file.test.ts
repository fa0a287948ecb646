import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacitySummary } from '../report/capacity-types.js';
import { HISTORY_FILE, historyReport, recordHistory } from './history-file.js';
import { exitCodeForCapacity } from './exit.js';
import { ExitCode } from '../cli/exit-codes.js';

const summary = (found: number): CapacitySummary => ({
  axis: 'arrival-rate',
  unit: 'users/s',
  slos: ['p99(xmpp_msg_latency) < 200ms'],
  server_version: null,
  options: { start: 2, resolution: 0.05, growth: 2, step_s: 30, confirm_s: 60, cooldown_s: 5, repeat: 1 },
  verdict: 'found',
  highest_pass: found,
  lowest_fail: found + 1,
  fail_gate: null,
  first_broken_gate: null,
  generator_limited_at: null,
  searches: [],
});
const meta = { scenario: Buffer.from('<tsung/>'), xloadVersion: '0.1.0', maxDrop: 0.1, date: new Date('2026-12-08T02:00:00Z') };

describe('recordHistory', () => {
  const root = mkdtempSync(join(tmpdir(), 'xload-history-'));

  it('makes the folder, appends one line a run, and judges the drop against the past ones', () => {
    const dir = join(root, 'new', 'history');
    for (const found of [10, 10, 10]) expect(recordHistory(dir, summary(found), meta)).toMatchObject({ ok: true });
    const r = recordHistory(dir, summary(5), meta);
    expect(r).toMatchObject({ ok: true, check: { dropped: true, baseline: 10 } });
    expect(r.ok && r.writeFailure).toBeFalsy();
    expect(readFileSync(join(dir, HISTORY_FILE), 'utf8').trimEnd().split('\n')).toHaveLength(4);
  });

  it('a history it cannot read is said in one line, not thrown', () => {
    const dir = join(root, 'unreadable');
    mkdirSync(join(dir, HISTORY_FILE), { recursive: true });
    const r = recordHistory(dir, summary(10), meta);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatch(/^could not read the history .*capacity-history\.jsonl: it is a folder, not a regular file$/);
    expect(r.failure).not.toContain('\n');
  });

  it.each([
    ['a FIFO', 'FIFO', (p: string) => execFileSync('mkfifo', [p])],
    ['/dev/zero', 'device', (p: string) => symlinkSync('/dev/zero', p)],
  ])('a history that is %s is refused in one line, without blocking or reading (issue 13)', (_k, words, make) => {
    const dir = join(root, `special-${words}`);
    mkdirSync(dir, { recursive: true });
    make(join(dir, HISTORY_FILE));
    const r = recordHistory(dir, summary(10), meta);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatch(
      new RegExp(`^could not read the history .*capacity-history\\.jsonl: it is a .*${words}.*, not a regular file$`),
    );
  });

  it.each<[string, (dir: string) => string]>([
    [
      'the folder became a file',
      (d) => {
        writeFileSync(d, 'x');
        return d;
      },
    ],
    [
      'a part of the path became a file',
      (d) => {
        writeFileSync(d, 'x');
        return join(d, 'deeper');
      },
    ],
  ])('an entry it cannot append (%s) is said; the check still holds', (_name, make) => {
    const dir = make(join(root, `gone-${Math.random().toString(36).slice(2)}`));
    const r = recordHistory(dir, summary(10), meta);
    expect(r).toMatchObject({ ok: true, check: { dropped: false, baseline: null } });
    if (!r.ok) return;
    expect(r.writeFailure).toMatch(/^could not add this run to the history .*capacity-history\.jsonl: /);
    expect(r.writeFailure).not.toContain('\n');
  });
});

describe('historyReport: a history that fails at the end never changes the exit code', () => {
  const root = mkdtempSync(join(tmpdir(), 'xload-history-report-'));
  const good = join(root, 'good');
  for (const found of [10, 10, 10]) recordHistory(good, summary(found), meta);

  it.each<[string, () => ReturnType<typeof recordHistory>, number, RegExp[]]>([
    ['a found run, history fine', () => recordHistory(good, summary(10), meta), ExitCode.ok, [/^history: /]],
    ['a drop, history fine', () => recordHistory(good, summary(5), meta), ExitCode.capacityDropped, [/^history: /]],
    [
      'an unreadable history',
      () => {
        mkdirSync(join(root, 'bad', HISTORY_FILE), { recursive: true });
        return recordHistory(join(root, 'bad'), summary(5), meta);
      },
      ExitCode.ok,
      [/^error: could not read the history .*; this run is not compared with past runs$/],
    ],
    [
      'an entry that cannot be appended',
      () => {
        writeFileSync(join(root, 'file'), 'x');
        return recordHistory(join(root, 'file'), summary(10), meta);
      },
      ExitCode.ok,
      [/^history: /, /^error: could not add this run to the history .*; the next runs will not count it$/],
    ],
  ])('%s', (_name, record, code, lines) => {
    const said = historyReport(record());
    expect(said.lines).toHaveLength(lines.length);
    lines.forEach((re, i) => expect(said.lines[i]).toMatch(re));
    expect(exitCodeForCapacity(summary(10), said.dropped)).toBe(code);
  });
});
