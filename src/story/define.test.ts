import { describe, expect, it } from 'vitest';
import { defineStory, isStoryDefinition, runStory } from './define.js';
import { assertIs, assertMany, predicateName } from './assert.js';
import { is } from './is.js';
import type { Stanza } from './client.js';

const msg = (body: string): Stanza => ({
  name: 'message',
  attrs: { type: 'chat', from: 'a@x/r' },
  children: [{ name: 'body', attrs: {}, children: [body] }],
  raw: `<message type='chat'><body>${body}</body></message>`,
});

describe('defineStory', () => {
  it('makes a frozen, recognisable value and refuses a story without users or body', () => {
    const def = defineStory({ users: { alice: 1 } }, async () => undefined);
    expect(isStoryDefinition(def)).toBe(true);
    expect(Object.isFrozen(def)).toBe(true);
    expect(isStoryDefinition({ users: {} })).toBe(false);
    expect(() => defineStory({ users: {} }, async () => undefined)).toThrow(/at least one user/);
    expect(() => defineStory({ users: { a: 1 } }, undefined as unknown as () => Promise<void>)).toThrow(/body must be an async function/);
  });

  it('runStory needs a server from the call or the definition', () => {
    const def = defineStory({ users: { alice: 1 } }, async () => undefined);
    expect(() => runStory(def)).toThrow(/no server given/);
  });
});

describe('what a failed assertion counts under', () => {
  it('is the predicate name without its arguments, or assertMany', () => {
    expect(predicateName(is.chatMessage('hi'))).toBe('chatMessage');
    expect(predicateName(is.all(is.message, is.headline))).toBe('predicate');
    expect(() => assertIs(msg('hello'), is.message, is.chatMessage('bye'))).toThrow(expect.objectContaining({ what: 'chatMessage' }));
    expect(() => assertMany([msg('a')], [is.chatMessage('b')])).toThrow(expect.objectContaining({ what: 'assertMany' }));
  });
});
