import { describe, expect, it } from 'vitest';
import { replayHeld } from './run.js';

describe('replayHeld', () => {
  it('subscribes, then hands the held signals to the handler after the synchronous start', async () => {
    const live: ((signal?: string) => void)[] = [];
    let unsubscribed = 0;
    const subscribe = (h: (signal?: string) => void) => {
      live.push(h);
      return () => unsubscribed++;
    };
    const seen: (string | undefined)[] = [];
    const off = replayHeld(subscribe, ['SIGTERM', undefined])((s) => seen.push(s));
    expect(seen).toEqual([]); // not during the coordinator's synchronous start
    await Promise.resolve();
    expect(seen).toEqual(['SIGTERM', undefined]);
    live[0]!('SIGHUP'); // a later signal reaches the same handler
    expect(seen).toEqual(['SIGTERM', undefined, 'SIGHUP']);
    off();
    expect(unsubscribed).toBe(1);
  });
});
