import { describe, expect, it } from 'vitest';
import { findGroupStamp, hasGroupStamp, makeGroupBody } from './group-stamp.js';

describe('group stamps', () => {
  it('round-trips through a stanza and pads to size', () => {
    const body = makeGroupBody('r1', 'm', 1700000000123.456, 80);
    expect(body.length).toBe(80);
    const raw = `<message type='groupchat'><body>${body}</body></message>`;
    expect(hasGroupStamp(raw)).toBe(true);
    expect(findGroupStamp(raw)).toEqual({ run: 'r1', kind: 'm', sentAt: 1700000000123.456 });
  });

  it('rejects text that only looks like a stamp', () => {
    expect(findGroupStamp('xloadg r1 q 12 ')).toBeNull();
    expect(findGroupStamp('xloadg r1 p abc ')).toBeNull();
    expect(findGroupStamp('no stamp')).toBeNull();
  });
});
