import { describe, expect, it } from 'vitest';
import { XloadError } from '../errors.js';
import { runBatch, type Account, type Lane, type ViaRunner } from './batch.js';
import { checkUsersOptions } from './options.js';
import type { Outcome } from './types.js';

/** An in-memory account store behind scripted lanes: the batch logic without a server. */
function memoryVia(lanes: number, existing: Set<string>, fail?: (a: Account) => XloadError | null) {
  const seen: string[] = [];
  let open = 0;
  let maxOpen = 0;
  const runner: ViaRunner = {
    lanes,
    openLane: (): Lane => ({
      handle: async (a: Account): Promise<Outcome> => {
        open++;
        maxOpen = Math.max(maxOpen, open);
        seen.push(a.user);
        await new Promise((r) => setImmediate(r));
        open--;
        const err = fail?.(a);
        if (err) throw err;
        if (existing.has(a.user)) return 'already';
        existing.add(a.user);
        return 'done';
      },
      close: async () => undefined,
    }),
    isFatal: (e) => e.code === 'fatal',
  };
  return { runner, seen, maxOpen: () => maxOpen };
}

describe('runBatch', () => {
  it('handles each account of the range exactly once, in parallel lanes, then reports them existed', async () => {
    const o = checkUsersOptions({ count: 25, from: 3, prefix: 'b' });
    const store = new Set<string>();
    const v = memoryVia(4, store);
    const r1 = await runBatch(o, 'create', v.runner, () => false);
    expect(r1).toMatchObject({ created: 25, existed: 0, failed: 0, skipped: 0 });
    expect(new Set(v.seen).size).toBe(25);
    expect(v.seen).toContain('b3');
    expect(v.seen).toContain('b27');
    expect(v.seen).not.toContain('b28');
    expect(v.maxOpen()).toBe(4);
    const r2 = await runBatch(o, 'create', memoryVia(4, store).runner, () => false);
    expect(r2).toMatchObject({ created: 0, existed: 25, failed: 0 });
  });

  it('tries the first account alone, so a fatal answer costs one failure and skips the rest', async () => {
    const o = checkUsersOptions({ count: 100 });
    const v = memoryVia(50, new Set(), () => new XloadError('fatal', 'refused'));
    const r = await runBatch(o, 'create', v.runner, () => false);
    expect(r).toMatchObject({ created: 0, failed: 1, skipped: 99 });
    expect(r.firstError).toMatchObject({ code: 'fatal', account: 'user1' });
    expect(v.seen).toEqual(['user1']);
  });

  it('goes on past errors that concern one account only', async () => {
    const o = checkUsersOptions({ count: 10 });
    const v = memoryVia(3, new Set(), (a) => (a.user === 'user4' ? new XloadError('timeout', 'slow') : null));
    const r = await runBatch(o, 'create', v.runner, () => false);
    expect(r).toMatchObject({ created: 9, failed: 1, skipped: 0 });
  });

  it('starts no account after the deadline', async () => {
    const o = checkUsersOptions({ count: 10 });
    let calls = 0;
    const r = await runBatch(o, 'create', memoryVia(2, new Set()).runner, () => ++calls > 3);
    expect(r.action === 'create' && r.created + r.skipped).toBe(10);
    expect(r.skipped).toBeGreaterThan(0);
  });

  it('opens no more lanes than accounts', async () => {
    const o = checkUsersOptions({ count: 2 });
    let opened = 0;
    const v = memoryVia(50, new Set());
    const runner = { ...v.runner, openLane: (n: number) => (opened++, v.runner.openLane(n)) };
    await runBatch(o, 'delete', runner, () => false);
    expect(opened).toBe(2);
  });
});
