import { describe, expect, it } from 'vitest';
import { formatUsersResult, usersProgressLine } from './progress.js';

describe('users text', () => {
  it('prints progress with a percentage', () => {
    expect(usersProgressLine({ total: 200, finished: 50, failed: 1, elapsedMs: 1234 })).toBe('users: 50/200 (25%), 1 failed, 1.23 s');
  });

  it('prints the result in one line, with the first error when something failed', () => {
    const ok = formatUsersResult(
      {
        action: 'create',
        via: 'ibr',
        requested: 200,
        created: 150,
        existed: 50,
        failed: 0,
        skipped: 0,
        firstError: null,
        elapsedMs: 2000,
        perSecond: 100,
      },
      'u1..u200@localhost',
    );
    expect(ok).toBe('created 150, existed 50, failed 0 of 200 accounts u1..u200@localhost via ibr in 2.00 s: 100.0 accounts/s\n');
    const bad = formatUsersResult(
      {
        action: 'delete',
        via: 'ejabberdctl',
        requested: 5,
        deleted: 1,
        missing: 0,
        failed: 1,
        skipped: 3,
        firstError: { code: 'ctl_failed', message: 'ejabberdctl: node down', account: 'u2' },
        elapsedMs: 12_000,
        perSecond: 0.08,
      },
      'u1..u5@localhost',
    );
    expect(bad.trimEnd().split('\n')).toHaveLength(1);
    expect(bad).toContain('deleted 1, missing 0, failed 1, skipped 3 of 5');
    expect(bad).toContain('in 12.0 s');
    expect(bad).toContain('; first error ctl_failed (u2): ejabberdctl: node down');
  });
});
