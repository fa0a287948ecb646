// The story API under node's own test runner, imported as a package user would
// (`xload` resolves to this package's dist/ through package.json "exports"; run
// `npm run build` first). Needs a server with user1767/user1768 (test/it starts one).
import { test } from 'node:test';
import { assertIs, is, stanza, story, waitForStanza } from 'xload';

const server = { host: '127.0.0.1', port: Number(process.env.XLOAD_STORY_PORT ?? 5222), domain: 'localhost' };

test('alice says hi to bob', async () => {
  const users = { alice: { username: 'user1767', password: 'pwd1767' }, bob: { username: 'user1768', password: 'pwd1768' } };
  await story({ users, server }, async ({ alice, bob }) => {
    alice.send(stanza.chatTo(bob, 'Hi from node:test'));
    assertIs(await waitForStanza(bob), is.chatMessage('Hi from node:test'), is.from(alice));
  });
});
