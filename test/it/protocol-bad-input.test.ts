/**
 * Bad input from the server side (issue 5): a stanza error, a request never answered, a
 * refused feature, no SASL mechanism xload knows. Each is a counted error class on that
 * user, with the stanza's condition, and the run continues. The last one comes from a
 * scripted fake peer: no real server here offers only unknown mechanisms.
 */
import { describe, expect, it } from 'vitest';
import { startFakePeer } from '../fakepeer/peer.js';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { fresh, login, req, think, writeScenario } from './protocol-scenario.js';

describe.each([EJABBERD, PROSODY])('bad input from $name', (server: ServerInfo) => {
  it('a stanza error for an acked request fails that user; one for a no_ack request is counted and the user goes on', async () => {
    const file = writeScenario({
      server,
      users: 3,
      session: [
        login(),
        // Unsubscribing from a node that does not exist: the server answers with an error.
        req('pubsub:unsubscribe', `ack="no_ack" node="/${fresh('none')}" destination="unique"`),
        think(1),
        req('iq:roster:get'),
        req('pubsub:unsubscribe', `node="/${fresh('none')}" destination="unique"`),
        req('close'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '1']);
    const classes = Object.keys(s.errors);
    expect(classes.length, stdout + stderr).toBe(1);
    expect(classes[0]).toMatch(/^stanza_error\./);
    // 3 counted for the no_ack request (users went on: roster get ran), 3 failures for the acked one.
    expect(s.errors[classes[0]!]).toBe(6);
    expect(s.metrics['request.iq:roster:get']?.count).toBe(3);
    expect(s.users.failed).toBe(3);
    expect(s.status).not.toBe('aborted');
  });

  it('a request whose reply never comes is a timeout after --request-timeout', async () => {
    const file = writeScenario({
      server,
      users: 2,
      session: [login(), `      <request><jabber type="wait" ack="parse" regexp="never-sent-by-any-server"/></request>`, req('close')].join(
        '\n',
      ),
    });
    const { summary: s } = await runXload(file, ['--workers', '1', '--request-timeout', '2']);
    expect(s.errors).toEqual({ timeout: 2 });
    expect(s.users.failed).toBe(2);
  });
});

describe('bad input from a scripted peer', () => {
  it('a server offering no SASL mechanism xload knows: protocol_error.auth_no_mechanism', async () => {
    const peer = await startFakePeer([
      { expect: '<stream:stream' },
      {
        send:
          "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>" +
          "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>X-UNKNOWN</mechanism></mechanisms></stream:features>",
      },
      { sleepMs: 3000 },
    ]);
    try {
      const file = writeScenario({
        server: { ...EJABBERD, port: peer.port },
        users: 2,
        session: [req('connect'), req('auth_sasl', 'mechanism="auto"'), req('close')].join('\n'),
      });
      const { summary: s } = await runXload(file, ['--workers', '1']);
      expect(s.errors).toEqual({ 'protocol_error.auth_no_mechanism': 2 });
    } finally {
      await peer.close();
    }
  });
});
