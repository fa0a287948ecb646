/**
 * Story API (src/story, issue 16) against ejabberd and Prosody: one-to-one chat over every
 * transport, multi-resource delivery, failure messages, and the story API under node's own
 * test runner (test/node/story-example.test.mjs, run against the same servers).
 * Users 1761..1779 are reserved for this file.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertIs, is, stanza, story, StoryTimeoutError, StoryUnreadError, waitForStanza, type StoryTransport } from '../../src/index.js';
import { SERVERS } from './servers.js';
import { acct } from './story-fixture.js';

describe.each(SERVERS)('$name', (server) => {
  const transports: StoryTransport[] = server.tlsPort
    ? ['tcp', 'starttls', 'tls', 'websocket', 'bosh']
    : ['tcp', 'starttls', 'websocket', 'bosh'];

  it.each(transports)('alice and bob chat over %s', async (transport) => {
    await story(
      { users: { alice: acct(1761), bob: acct(1762) }, server, transport, mechanism: 'SCRAM-SHA-1', failOnUnread: true },
      async ({ alice, bob }) => {
        alice.send(stanza.chatTo(bob, `Hi over ${transport}!`));
        assertIs(await waitForStanza(bob, { timeout: 5000 }), is.chatMessage(`Hi over ${transport}!`), is.from(alice));
        bob.send(stanza.chatTo(alice, 'Oh hi!'));
        assertIs(await waitForStanza(alice, { timeout: 5000 }), is.chatMessage('Oh hi!'), is.fromFull(bob));
      },
    );
  });

  it('a chat to the bare JID reaches the resource with the highest priority', async () => {
    await story({ users: { alice: acct(1763), bob: acct(1764, 2) }, server }, async ({ alice, bob }) => {
      const [bob1, bob2] = bob.resources;
      if (!bob1 || !bob2) throw new Error('two resources expected');
      bob2.send(stanza.presence(undefined, { priority: 10 }));
      // bob2's own echo, and bob1 sees its other resource change priority.
      assertIs(await waitForStanza(bob2), is.presenceWithPriority(10));
      assertIs(await waitForStanza(bob1), is.presenceWithPriority(10), is.fromFull(bob2));
      alice.send(stanza.chatTo(bob.bare, 'to the bare JID'));
      assertIs(await waitForStanza(bob2), is.chatMessage('to the bare JID'));
      expect(bob1.inbox).toHaveLength(0);
    });
  });

  it('a timeout fails with the stanza history, and unread stanzas can fail the story', async () => {
    const timedOut = story({ users: { alice: acct(1765), bob: acct(1766) }, server }, async ({ alice, bob }) => {
      alice.send(stanza.chatTo(bob, 'one'));
      assertIs(await waitForStanza(bob), is.chatMessage('one'));
      await waitForStanza(bob, { timeout: 200 });
    });
    await expect(timedOut).rejects.toThrow(StoryTimeoutError);
    await expect(timedOut).rejects.toThrow(/bob: no stanza arrived within 200 ms\nstanza history of bob[\s\S]*<- <message[^\n]*one/);
    const unread = story({ users: { alice: acct(1765), bob: acct(1766) }, server, failOnUnread: true }, async ({ alice, bob }) => {
      alice.send(stanza.chatTo(bob, 'nobody reads this'));
      await new Promise((r) => setTimeout(r, 300));
    });
    await expect(unread).rejects.toThrow(StoryUnreadError);
  });
});

it('runs under node:test (node --test) against the same servers', async () => {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'test/node/story-example.test.mjs'], {
    env: { ...process.env, XLOAD_STORY_PORT: String(SERVERS[0]?.port) },
    timeout: 60_000,
  });
  expect(stdout).toMatch(/# pass 1/);
  expect(stdout).toMatch(/# fail 0/);
});
