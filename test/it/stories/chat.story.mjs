// A two-user chat story, imported as a package user would ('xload' resolves to this
// package's dist/). Runs as load (`xload story chat.story.mjs`, or <story file=...> in a
// scenario) and as a test (`runStory(chat, server)`); the engine gives each run its accounts.
import { assertIs, defineStory, is, stanza, waitForStanza } from 'xload';

export default defineStory({ users: { alice: 1, bob: 1 } }, async ({ alice, bob }) => {
  alice.send(stanza.chatTo(bob, 'Hi!'));
  assertIs(await waitForStanza(bob, { timeout: 5000 }), is.chatMessage('Hi!'), is.from(alice));
  bob.send(stanza.chatTo(alice, 'Hello, Alice'));
  assertIs(await waitForStanza(alice, { timeout: 5000 }), is.chatMessage('Hello, Alice'), is.from(bob));
});
