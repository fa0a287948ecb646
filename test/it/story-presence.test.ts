/**
 * Presence acceptance stories (after escalus's presence_SUITE, in xload's words) on the
 * story API, against ejabberd and Prosody: available, directed presence with show, status
 * and priority, and unavailable. Users 1701..1719 are reserved for this file.
 */
import { describe, it } from 'vitest';
import { assertIs, assertNoStanzas, is, stanza, story, waitForStanza } from '../../src/index.js';
import { SERVERS } from './servers.js';
import { acct } from './story-fixture.js';

describe.each(SERVERS)('$name', (server) => {
  it('available: a presence broadcast comes back to its sender', async () => {
    await story({ users: { alice: acct(1701) }, server, failOnUnread: true }, async ({ alice }) => {
      alice.send(stanza.presence());
      assertIs(await waitForStanza(alice), is.presence, is.fromFull(alice));
    });
  });

  it('direct presence carries show, status and priority to a non-contact', async () => {
    await story({ users: { alice: acct(1702), bob: acct(1703) }, server, failOnUnread: true }, async ({ alice, bob }) => {
      alice.send(stanza.presenceTo(bob, undefined, { show: 'dnd', status: 'In a meeting', priority: 3 }));
      const p = await waitForStanza(bob);
      assertIs(
        p,
        is.presence,
        is.fromFull(alice),
        is.presenceWithShow('dnd'),
        is.presenceWithStatus('In a meeting'),
        is.presenceWithPriority(3),
      );
      // Directed presence is not broadcast: alice gets no echo of it.
      await assertNoStanzas(alice, 200);
    });
  });

  it('directed unavailable ends what a directed available started', async () => {
    await story({ users: { alice: acct(1704), bob: acct(1705) }, server, failOnUnread: true }, async ({ alice, bob }) => {
      alice.send(stanza.presenceTo(bob, undefined, { show: 'away' }));
      assertIs(await waitForStanza(bob), is.presenceWithShow('away'), is.from(alice));
      alice.send(stanza.presenceTo(bob, 'unavailable'));
      assertIs(await waitForStanza(bob), is.unavailable, is.fromFull(alice));
    });
  });

  it('a broadcast after a directed presence reaches the directed target too (RFC 6121 §4.6.3)', async () => {
    await story({ users: { alice: acct(1706), bob: acct(1707) }, server, failOnUnread: true }, async ({ alice, bob }) => {
      alice.send(stanza.presenceTo(bob));
      assertIs(await waitForStanza(bob), is.presence, is.from(alice));
      // Going offline: the server tells everyone it sent directed presence to.
      alice.send(stanza.presence('unavailable', { status: 'gone' }));
      assertIs(await waitForStanza(bob), is.unavailable, is.from(alice), is.presenceWithStatus('gone'));
      // The sender's own copy differs: Prosody echoes the unavailable to the session that
      // is going offline, ejabberd does not (RFC 6121 §4.5.2 leaves it to the server).
      if (server.name === 'prosody') assertIs(await waitForStanza(alice), is.unavailable, is.fromFull(alice));
      else await assertNoStanzas(alice, 300);
    });
  });

  it('a presence update with show and status reaches the sender and its other resource', async () => {
    await story({ users: { alice: acct(1708, 2) }, server, failOnUnread: true }, async ({ alice }) => {
      const other = alice.resources[1];
      if (!other) throw new Error('two resources expected');
      alice.send(stanza.presence(undefined, { show: 'xa', status: 'on holiday', priority: -1 }));
      for (const c of [alice, other]) {
        assertIs(
          await waitForStanza(c),
          is.fromFull(alice),
          is.presenceWithShow('xa'),
          is.presenceWithStatus('on holiday'),
          is.presenceWithPriority(-1),
        );
      }
    });
  });
});
