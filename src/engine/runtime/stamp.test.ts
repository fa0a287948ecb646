import { describe, expect, it } from 'vitest';
import { findStamp, makeStampedBody } from './stamp.js';

describe('stamps', () => {
  it('round-trips inside a stanza and pads to size', () => {
    const body = makeStampedBody('a1b2c3d4', 42, 1764316800123.456, 80);
    expect(body).toHaveLength(80);
    const raw = `<message from='user2@localhost/tsung' to='user1@localhost' type='chat' id='7'><body>${body}</body></message>`;
    expect(findStamp(raw)).toEqual({ run: 'a1b2c3d4', seq: 42, sentAt: 1764316800123.456 });
  });

  it('ignores messages without a stamp', () => {
    expect(findStamp("<message><body>hello</body></message>")).toBeNull();
    expect(findStamp("<message><body>xload1 broken</body></message>")).toBeNull();
  });
});
