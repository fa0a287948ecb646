import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sipDigest } from './auth-extra.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('Tsung SIP digest (ts_digest.erl)', () => {
  it('chains HA1, the REGISTER integrity and the final digest', () => {
    const { digest, integrity } = sipDigest('abcd', 'user1@localhost', 'localhost', 'pwd1');
    expect(integrity).toBe(md5(`abcd:${md5('REGISTER:user1@localhost')}`));
    expect(digest).toBe(md5(`${md5('user1@localhost:localhost:pwd1')}:${integrity}`));
  });
});
