import { describe, expect, it } from 'vitest';
import { Reply } from '../../../xmpp/index.js';
import { Match } from '../pending.js';

describe('asMatch', () => {
  it('relies on Reply and Match having the same values', () => {
    expect([Reply.NotMine, Reply.Done, Reply.Consumed]).toEqual([Match.NotMine, Match.Done, Match.Consumed]);
  });
});
