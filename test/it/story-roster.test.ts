/**
 * Roster and subscription acceptance stories (after escalus's presence_SUITE roster and
 * subscribe groups, in xload's words) against ejabberd and Prosody: get, add, remove,
 * subscribe, decline, unsubscribe, remove-unsubscribe. Every story cleans the rosters it
 * touched (cleanRoster). Every story fetches the roster at login (fetchRoster): Prosody sends
 * roster pushes only to resources that asked for the roster (RFC 6121 §2.1.6), ejabberd to
 * all, so without it the push-based steps would pass on ejabberd only. Users 1721..1759 are reserved for this file.
 */
import { describe, expect, it } from 'vitest';
import {
  assertIs,
  assertMany,
  assertNoStanzas,
  is,
  rosterContains,
  stanza,
  story,
  waitFor,
  waitForStanza,
  waitForStanzas,
  type Stanza,
  type StoryClient,
} from '../../src/index.js';
import { SERVERS, type ServerInfo } from './servers.js';
import { acct } from './story-fixture.js';

/** Adds `contact` to `user`'s roster: a push (answered) and the result, in either order. */
async function addContact(user: StoryClient, contact: StoryClient): Promise<void> {
  user.send(stanza.rosterAdd(contact, { name: 'Contact', groups: ['friends'] }));
  const got = await waitForStanzas(user, 2);
  assertMany(got, [is.all(is.rosterSet, rosterContains(contact)), is.iqResult()]);
  const push = got.find(is.rosterSet) as Stanza;
  user.send(stanza.iqResult(push));
}

async function rosterOf(user: StoryClient): Promise<Stanza> {
  user.send(stanza.rosterGet('get1'));
  return assertIs(await waitForStanza(user), is.rosterResult, is.iqResult('get1'));
}

/** alice subscribes to bob's presence and bob approves: alice's item becomes 'to' (or 'both'). */
async function subscribe(server: ServerInfo, alice: StoryClient, bob: StoryClient, mutual = false): Promise<void> {
  alice.send(stanza.subscribe(bob));
  await waitFor(alice, is.all(is.rosterSet, is.rosterItem(bob, { ask: 'subscribe' })));
  // Prosody answers the pending subscription at once with an unavailable from bob's bare
  // JID (it probes bob for alice before bob decides); ejabberd sends nothing until bob
  // approves. Taken here so later 'unavailable from bob' checks see only fresh ones.
  if (server.name === 'prosody' && !mutual) {
    assertIs(await waitFor(alice, is.all(is.unavailable, is.from(bob)), { timeout: 3000 }), is.fromFull(bob.bare));
  }
  assertIs(await waitFor(bob, is.presenceWithType('subscribe')), is.from(alice));
  bob.send(stanza.subscribed(alice));
  // The approval, the roster push and bob's current presence arrive in server order:
  // ejabberd and Prosody differ, so the story asks for the set, not the sequence.
  const got = [
    await waitFor(alice, is.presenceWithType('subscribed'), { timeout: 3000 }),
    await waitFor(alice, is.rosterItem(bob, { subscription: mutual ? 'both' : 'to' }), { timeout: 3000 }),
    await waitFor(alice, is.all(is.presence, is.from(bob)), { timeout: 3000 }),
  ];
  assertMany(got, [is.all(is.presenceWithType('subscribed'), is.from(bob)), is.rosterSet, is.fromFull(bob)]);
  await waitFor(bob, is.rosterItem(alice, { subscription: mutual ? 'both' : 'from' }), { timeout: 3000 });
}

describe.each(SERVERS)('$name', (server) => {
  it('get roster: a fresh account has an empty roster', async () => {
    await story({ users: { alice: acct(1721) }, server, failOnUnread: true }, async ({ alice }) => {
      assertIs(await rosterOf(alice), is.rosterEmpty);
    });
  });

  it('add contact: a push and a result, then the roster lists it with name and group', async () => {
    await story(
      { users: { alice: acct(1722), bob: acct(1723) }, server, fetchRoster: true, cleanRoster: true, failOnUnread: true },
      async ({ alice, bob }) => {
        await addContact(alice, bob);
        const r = await rosterOf(alice);
        assertIs(r, rosterContains(bob), is.rosterItem(bob, { subscription: 'none' }));
        expect(r.raw).toMatch(/name=["']Contact["']/);
        expect(r.raw).toMatch(/<group>friends<\/group>/);
        // Adding a contact sends bob nothing: no subscription was asked.
        expect(bob.inbox).toHaveLength(0);
      },
    );
  });

  it('remove contact: a remove push and a result, then the roster is empty', async () => {
    await story(
      { users: { alice: acct(1724), bob: acct(1725) }, server, fetchRoster: true, cleanRoster: true, failOnUnread: true },
      async ({ alice, bob }) => {
        await addContact(alice, bob);
        alice.send(stanza.rosterRemove(bob));
        assertMany(await waitForStanzas(alice, 2), [is.rosterItem(bob, { subscription: 'remove' }), is.iqResult()]);
        assertIs(await rosterOf(alice), is.rosterEmpty);
      },
    );
  });

  it('subscribe: bob approves, alice sees his presence and both rosters agree', async () => {
    await story({ users: { alice: acct(1726), bob: acct(1727) }, server, fetchRoster: true, cleanRoster: true }, async ({ alice, bob }) => {
      await addContact(alice, bob);
      await subscribe(server, alice, bob);
      assertIs(await rosterOf(alice), is.rosterItem(bob, { subscription: 'to' }));
      bob.dropAll();
      assertIs(await rosterOf(bob), is.rosterItem(alice, { subscription: 'from' }));
      // From now on bob's broadcasts reach alice.
      bob.send(stanza.presence(undefined, { status: 'subscribed now' }));
      assertIs(await waitFor(alice, is.presenceWithStatus('subscribed now')), is.fromFull(bob));
    });
  });

  it('subscribe decline: bob refuses, alice is told and her item has no subscription', async () => {
    await story({ users: { alice: acct(1728), bob: acct(1729) }, server, fetchRoster: true, cleanRoster: true }, async ({ alice, bob }) => {
      await addContact(alice, bob);
      alice.send(stanza.subscribe(bob));
      await waitFor(alice, is.rosterItem(bob, { ask: 'subscribe' }));
      assertIs(await waitFor(bob, is.presenceWithType('subscribe')), is.from(alice));
      bob.send(stanza.unsubscribed(alice));
      assertIs(await waitFor(alice, is.presenceWithType('unsubscribed'), { timeout: 3000 }), is.from(bob));
      await waitFor(
        alice,
        is.all(is.rosterSet, is.rosterItem(bob, { subscription: 'none' }), is.not(is.rosterItem(bob, { ask: 'subscribe' }))),
        {
          timeout: 3000,
        },
      );
      const r = await waitForRoster(alice);
      assertIs(r, is.rosterItem(bob, { subscription: 'none' }), is.not(is.rosterItem(bob, { ask: 'subscribe' })));
    });
  });

  it('unsubscribe: alice stops following bob, both pushes say none and bob is told', async () => {
    await story({ users: { alice: acct(1730), bob: acct(1731) }, server, fetchRoster: true, cleanRoster: true }, async ({ alice, bob }) => {
      await addContact(alice, bob);
      await subscribe(server, alice, bob);
      alice.send(stanza.unsubscribe(bob));
      await waitFor(alice, is.all(is.rosterSet, is.rosterItem(bob, { subscription: 'none' })), { timeout: 3000 });
      assertIs(await waitFor(bob, is.presenceWithType('unsubscribe'), { timeout: 3000 }), is.from(alice));
      await waitFor(bob, is.all(is.rosterSet, is.rosterItem(alice, { subscription: 'none' })), { timeout: 3000 });
      // bob's presence no longer reaches alice. ejabberd tells her he is gone (the
      // unavailable RFC 6121 §3.3.3 asks the contact's server for); Prosody sends nothing.
      if (server.name === 'ejabberd') await waitFor(alice, is.all(is.unavailable, is.from(bob)), { timeout: 3000 });
      else await assertNoStanzas(alice, 300);
    });
  });

  it('remove-unsubscribe: removing a mutual contact cancels both subscriptions', async () => {
    await story({ users: { alice: acct(1732), bob: acct(1733) }, server, fetchRoster: true, cleanRoster: true }, async ({ alice, bob }) => {
      await addContact(alice, bob);
      await subscribe(server, alice, bob);
      await subscribe(server, bob, alice, true);
      alice.dropAll();
      bob.dropAll();
      alice.send(stanza.rosterRemove(bob));
      await waitFor(alice, is.all(is.rosterSet, is.rosterItem(bob, { subscription: 'remove' })), { timeout: 3000 });
      await waitFor(alice, is.iqResult(), { timeout: 3000 });
      // RFC 6121 §2.5.2: the server sends bob both an unsubscribe and an unsubscribed.
      assertIs(await waitFor(bob, is.presenceWithType('unsubscribe'), { timeout: 3000 }), is.from(alice));
      assertIs(await waitFor(bob, is.presenceWithType('unsubscribed'), { timeout: 3000 }), is.from(alice));
      await waitFor(bob, is.all(is.rosterSet, is.rosterItem(alice, { subscription: 'none' })), { timeout: 3000 });
      assertIs(await waitForRoster(alice), is.not(rosterContains(bob)));
    });
  });
});

/** A roster get whose result is found among whatever else is unread. */
async function waitForRoster(user: StoryClient): Promise<Stanza> {
  user.send(stanza.rosterGet('get2'));
  return waitFor(user, is.iqResult('get2'), { timeout: 3000 });
}
