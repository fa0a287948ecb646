// Stories that fail on purpose, one way each, for test/it/story-load.test.ts.
import { assertIs, defineStory, is, stanza, waitForStanza } from 'xload';

/** Bob answers "Hello", Alice expects "Bye": story_assertion.chatMessage. */
export default defineStory({ users: { alice: 1, bob: 1 } }, async ({ alice, bob }) => {
  alice.send(stanza.chatTo(bob, 'Hi!'));
  assertIs(await waitForStanza(bob, { timeout: 5000 }), is.chatMessage('Hi!'));
  bob.send(stanza.chatTo(alice, 'Hello'));
  assertIs(await waitForStanza(alice, { timeout: 5000 }), is.chatMessage('Bye'));
});

/** Nobody writes to Alice: story_timeout.waitForStanza after 300 ms. */
export const silent = defineStory({ users: { alice: 1 } }, async ({ alice }) => {
  await waitForStanza(alice, { timeout: 300 });
});

/** A bug in the story itself: story_error.TypeError. */
export const buggy = defineStory({ users: { alice: 1 } }, async ({ alice }) => {
  alice.nothing.here();
});

/** Not a story at all: `xload check` refuses the scenario. */
export const notAStory = { users: { alice: 1 } };

/** Outlasts any short run: the run's stop ends it (users interrupted, connections closed). */
export const slow = defineStory({ users: { alice: 1 } }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 20_000));
});
