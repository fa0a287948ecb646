/**
 * The generator's own health metrics (src/stats/loop-delay.ts) come out of a real run:
 * loop delay sampled every 50 ms per worker while its loop works (every 500 ms at most while
 * it sleeps), one thinktime-lateness sample per wake-up,
 * the workers' busy time, and GC pauses when the isolates collected.
 */
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, runXload } from './run-xload.js';

const CHAT = `${REPO_ROOT}/scenarios/chat.xml`;

describe('generator health metrics', () => {
  it('xload_loop_delay, xload_timer_lateness, xload_loop_busy_ms in summary.json', async () => {
    const run = await runXload(CHAT, [
      '--server',
      `${EJABBERD.host}:${EJABBERD.port}`,
      '--option',
      `domain=${EJABBERD.domain}`,
      '--workers',
      '2',
    ]);
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lag = s.metrics.xload_loop_delay;
    // 2 to 20 ticks a second per worker (idle back-off to 500 ms): never fewer than one
    // a second for the two, even on a loaded box.
    expect(lag?.count).toBeGreaterThan(s.duration_s);
    expect(lag?.min_ms).toBeGreaterThanOrEqual(0);
    // chat.xml: every user sleeps at least 6 times (3 s, then 1 s after each of 5 chats).
    expect(s.metrics.xload_timer_lateness?.count).toBeGreaterThanOrEqual(100 * 6);
    const busy = s.counters.xload_loop_busy_ms ?? 0;
    expect(busy).toBeGreaterThan(0);
    expect(busy).toBeLessThanOrEqual(s.duration_s * 1000 * 2);
    const gc = s.metrics.xload_gc_pause;
    if (gc) expect(gc.min_ms).toBeGreaterThanOrEqual(0);
  });
});
