import { describe, expect, it } from 'vitest';
import type { FromShard, ToShard } from '../protocol.js';
import { InProcessShard } from './in-process-shard.js';

function started(): { shard: InProcessShard; got: FromShard[]; next: () => Promise<FromShard> } {
  const got: FromShard[] = [];
  let wake: (() => void) | null = null;
  const shard = new InProcessShard({
    message: (m) => {
      got.push(m);
      wake?.();
    },
    fatal: (message) => {
      got.push({ type: 'fatal', shard: -1, message });
      wake?.();
    },
  });
  let read = 0;
  const next = async (): Promise<FromShard> => {
    while (got.length <= read) await new Promise<void>((r) => (wake = r));
    return got[read++]!;
  };
  return { shard, got, next };
}

describe('a shard on the main thread (--workers 0)', () => {
  it('speaks the worker protocol: a foreign protocol version is refused as fatal', async () => {
    const { shard, next } = started();
    // Only the version is read before the refusal: the rest of the message may be anything.
    shard.postMessage({ type: 'init', protocol: 999, shard: { index: 3 } } as unknown as ToShard);
    expect(await next()).toMatchObject({ type: 'fatal', shard: 3, message: expect.stringMatching(/^protocol 999 != /) });
    await shard.terminate();
  });

  it('reports an exception escaping to the process as the shard fatal, until terminated', async () => {
    const before = new Set(process.listeners('uncaughtException'));
    const { shard, next } = started();
    const added = process.listeners('uncaughtException').filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    // Let the shard's port start listening (its module loads asynchronously), then throw.
    shard.postMessage({ type: 'clock', offsetMs: 0 } as ToShard);
    await new Promise((r) => setTimeout(r, 50));
    added[0]!(new Error('boom in a socket callback'), 'uncaughtException');
    const m = await next();
    expect(m).toMatchObject({ type: 'fatal', message: 'boom in a socket callback' });
    expect(m.type === 'fatal' && m.stack).toMatch(/boom in a socket callback/);
    await shard.terminate();
    expect(process.listeners('uncaughtException').filter((l) => !before.has(l))).toEqual([]);
    // After terminate nothing more is sent, and a second terminate is harmless.
    shard.postMessage({ type: 'clock', offsetMs: 0 } as ToShard);
    await shard.terminate();
  });
});
