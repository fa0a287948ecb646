import { describe, expect, it } from 'vitest';
import type { ExpectSpec } from '../../scenario/plan.js';
import type { Frame } from '../../xmpp/index.js';
import { DomCache, fromMatches, frameMeets } from './check-match.js';

const spec = (s: Partial<ExpectSpec>): ExpectSpec => ({ name: 'c', timeoutMs: 1000, onFail: 'continue', pos: { line: 1, col: 1 }, ...s });
const frame = (raw: string, name = raw.slice(1, raw.search(/[ >/]/)), attrs: Record<string, string> = {}): Frame => ({ name, attrs, raw });
const chat = frame("<message type='chat' from='user1@localhost/tsung'><body>hi &amp; bye</body></message>", 'message', {
  type: 'chat',
  from: 'user1@localhost/tsung',
});

describe('frameMeets', () => {
  it.each<[string, Partial<ExpectSpec>, Frame, boolean]>([
    ['kind', { kind: 'message' }, chat, true],
    ['another kind', { kind: 'iq' }, chat, false],
    ['no kind: any stanza', { type: 'chat' }, chat, true],
    ['no kind: not stream features', { xpath: '//*' }, frame('<stream:features/>', 'stream:features'), false],
    ['type', { kind: 'message', type: 'groupchat' }, chat, false],
    ['normal matches a message without type', { kind: 'message', type: 'normal' }, frame('<message><body>x</body></message>'), true],
    ['available matches a presence without type', { type: 'available' }, frame('<presence/>', 'presence'), true],
    ['available is not unavailable', { type: 'available' }, frame('<presence/>', 'presence', { type: 'unavailable' }), false],
    ['body regexp over the unescaped text', { body: '^hi & bye$' }, chat, true],
    ['body that does not match', { body: 'hello' }, chat, false],
    ['body on a message without one', { body: '.' }, frame('<message/>'), false],
    ['xpath that selects', { xpath: "/message[@type='chat']/body" }, chat, true],
    ['xpath that selects nothing', { xpath: '//subject' }, chat, false],
    ['every condition', { kind: 'message', type: 'chat', from: 'user1@localhost', body: 'hi', xpath: '//body' }, chat, true],
  ])('%s', (_what, s, f, ok) => {
    expect(frameMeets(spec(s), f, new DomCache())).toBe(ok);
  });
});

describe('fromMatches', () => {
  it.each<[string | undefined, string, boolean]>([
    ['user1@localhost/tsung', 'user1@localhost/tsung', true],
    ['User1@LocalHost/tsung', 'user1@localhost/tsung', true],
    ['user1@localhost/Tsung', 'user1@localhost/tsung', false],
    ['user1@localhost', 'user1@localhost/tsung', false],
    ['user1@localhost/any', 'user1@localhost', true],
    ['user1@localhost', 'user1@localhost', true],
    ['user10@localhost', 'user1@localhost', false],
    ['user1@localhost/r', 'localhost', true],
    ['localhost', 'localhost', true],
    ['room@conference.localhost/nick', 'localhost', false],
    [undefined, 'localhost', false],
  ])('%s against %s', (from, want, ok) => {
    expect(fromMatches(from, want)).toBe(ok);
  });
});
