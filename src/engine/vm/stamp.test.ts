import { describe, expect, it } from 'vitest';
import { findStamp, makeStampedBody, readStamp } from './stamp.js';

describe('stamps', () => {
  it('round-trips inside a stanza and pads to size', () => {
    const body = makeStampedBody('a1b2c3d4', 42, 1764316800123.456, 80);
    expect(body).toHaveLength(80);
    const raw = `<message from='user2@localhost/tsung' to='user1@localhost' type='chat' id='7'><body>${body}</body></message>`;
    expect(findStamp(raw)).toEqual({ run: 'a1b2c3d4', seq: 42, sentAt: 1764316800123.456 });
  });

  it('ignores messages without a stamp', () => {
    expect(findStamp('<message><body>hello</body></message>')).toBeNull();
    expect(findStamp('<message><body>xload1 broken</body></message>')).toBeNull();
  });

  it('readStamp reads what findStamp reads, without allocating a result per call', () => {
    const bodies = [
      makeStampedBody('a1b2c3d4', 42, 1764316800123.456, 80),
      makeStampedBody('run-7', 0, 1764316800000, 10),
      makeStampedBody('r', 9007199254740, 1764316800999.999, 64),
      'xload1 r 12 1e3 tail',
      'xload1 r 1.5 12 tail',
      'xload1 r  12 tail',
      'xload1 r 3 .5 tail',
    ];
    for (const body of bodies) {
      const raw = `<message><body>${body}</body></message>`;
      const want = findStamp(raw);
      const got = readStamp(raw, 'a1b2c3d4');
      if (want === null) expect(got).toBeNull();
      else expect({ ...got }).toEqual({ ours: want.run === 'a1b2c3d4', seq: want.seq, sentAt: want.sentAt });
    }
    expect(readStamp('<body>xload1 a1b2c3d4x 1 2 </body>', 'a1b2c3d4')?.ours).toBe(false);
    expect(readStamp('<body>xload1 a1b2c3 1 2 </body>', 'a1b2c3d4')?.ours).toBe(false);
    expect(readStamp('<body>hello</body>', 'r')).toBeNull();
  });

  it('readStamp rounds sentAt exactly as Number() does', () => {
    for (let i = 0; i < 2000; i++) {
      const t = 1764316800000 + Math.random() * 1e9;
      const s = t.toFixed(3);
      expect(readStamp(`xload1 r 1 ${s} `, 'r')?.sentAt).toBe(Number(s));
    }
  });
});
