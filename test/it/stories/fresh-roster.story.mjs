// A story that changes a roster, on fresh accounts (escalus_fresh): every run starts with
// an empty roster, whatever the earlier runs added, and its accounts are removed after.
import { assertIs, assertMany, defineStory, is, stanza, waitForStanza, waitForStanzas } from 'xload';

export default defineStory({ users: { alice: 1, bob: 1 }, fresh: true, fetchRoster: true }, async ({ alice, bob }) => {
  alice.send(stanza.rosterGet('before'));
  assertIs(await waitForStanza(alice, { timeout: 5000 }), is.rosterResult, is.rosterEmpty);
  alice.send(stanza.rosterAdd(bob, { name: 'Bob' }, 'add'));
  // The push (RFC 6121 §2.1.6) and the result come in either order.
  assertMany(await waitForStanzas(alice, 2, { timeout: 5000 }), [is.rosterSet, is.iqResult('add')]);
  return { alice: alice.username, bob: bob.username };
});
