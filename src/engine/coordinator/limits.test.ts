import { describe, expect, it } from 'vitest';
import type { Plan } from '../../scenario/plan.js';
import { openFilesLimit, plannedUsers } from './limits.js';

const pos = { line: 1, col: 1 };

describe('planned users and the open-files limit', () => {
  it('bounds concurrency by each phase arrivals, capped by maxnumber, over every loop', () => {
    const plan = {
      load: {
        loop: 1,
        staticUsers: [{ session: 's', startMs: 0, pos }],
        phases: [
          { phase: 1, durationMs: 10_000, arrivalRate: 20, waitAllSessionsEnd: false, pos },
          { phase: 2, durationMs: 60_000, arrivalRate: 200, maxNumber: 5000, waitAllSessionsEnd: false, pos },
        ],
      },
    } as unknown as Plan;
    expect(plannedUsers(plan)).toBe(1 + 2 * (200 + 5000));
  });

  it('reads this process limit from /proc', () => {
    const limit = openFilesLimit();
    expect(limit === null || limit > 0).toBe(true);
  });
});
