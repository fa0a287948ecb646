import { describe, expect, it } from 'vitest';
import { nodeAttr, nodeOptionFields } from './pubsub-node.js';

describe('pubsub node naming (Tsung)', () => {
  it.each([
    [undefined, ''],
    ['user_root', " node='/home/localhost/user1'"],
    ['/abs/n', " node='/abs/n'"],
    ['news', " node='/home/localhost/user1/news'"],
  ])('%s -> %s', (node, want) => {
    expect(nodeAttr(node, 'localhost', 'user1')).toBe(want);
  });
});

describe('pubsub:create data options', () => {
  it('turns Erlang tuples into x:data fields', () => {
    expect(nodeOptionFields("[{pubsub#max_items, 10}, {'pubsub#title', 'My <node>'}, {pubsub#roster_groups_allowed, [a, b]}]")).toBe(
      "<field var='pubsub#max_items'><value>10</value></field>" +
        "<field var='pubsub#title'><value>My &lt;node&gt;</value></field>" +
        "<field var='pubsub#roster_groups_allowed'><value>a</value><value>b</value></field>",
    );
  });

  it('says null for text that is not a list', () => {
    expect(nodeOptionFields('max_items=10')).toBeNull();
    expect(nodeOptionFields('[]')).toBe('');
  });
});
