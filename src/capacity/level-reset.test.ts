import { describe, expect, it } from 'vitest';
import { runLevelReset } from './level-reset.js';

describe('capacity --between-levels', () => {
  it('passes with exit 0 and sees the level', async () => {
    expect(await runLevelReset('test "$XLOAD_CAPACITY_LEVEL" = 312.5', 312.5, 5000)).toMatchObject({ ok: true });
  });
  it('fails with the exit code and the last stderr line', async () => {
    expect(await runLevelReset('echo noise >&2; echo "purge refused" >&2; exit 3', 1, 5000)).toEqual({
      ok: false,
      reason: 'exit 3: purge refused',
    });
  });
  it('is cut at its timeout, children included', async () => {
    const t0 = Date.now();
    expect(await runLevelReset('sleep 30 & sleep 30', 1, 300)).toEqual({ ok: false, reason: 'timed out after 0.3 s' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
