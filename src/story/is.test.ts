/** The story predicates, builders and assertMany on parsed stanzas (no server). */
import { describe, expect, it } from 'vitest';
import { parseElement } from '../xmpp/element.js';
import { assertIs, assertMany, rosterContains } from './assert.js';
import type { Stanza } from './client.js';
import { StoryAssertionError } from './errors.js';
import { is } from './is.js';
import { stanza } from './stanza.js';

const st = (raw: string): Stanza => ({ ...parseElement(raw), raw });
const alice = { jid: 'alice@localhost/res' };

describe('is.*', () => {
  it('tells messages by type and body', () => {
    const m = st(stanza.chatTo('bob@localhost', 'hi & <bye>'));
    expect(is.chatMessage('hi & <bye>')(m)).toBe(true);
    expect(is.chatMessage(/bye/)(m)).toBe(true);
    expect(is.chatMessage('other')(m)).toBe(false);
    expect(is.groupchat()(m)).toBe(false);
    expect(is.to('bob@localhost')(m)).toBe(true);
  });

  it('reads presence type, show, status and priority', () => {
    const p = st(`<presence from='alice@localhost/res'>${'<show>dnd</show><status>busy</status><priority>5</priority>'}</presence>`);
    expect(is.presence(p) && is.presenceWithShow('dnd')(p) && is.presenceWithStatus('busy')(p)).toBe(true);
    expect(is.presenceWithPriority(5)(p)).toBe(true);
    expect(is.presenceWithType('available')(p)).toBe(true);
    expect(is.from(alice)(p)).toBe(true);
    expect(is.fromFull('alice@localhost/other')(p)).toBe(false);
    expect(is.presenceWithType('subscribe')(st(stanza.subscribe(alice)))).toBe(true);
    expect(st(stanza.subscribe(alice)).attrs.to).toBe('alice@localhost');
  });

  it('reads roster pushes, results and errors', () => {
    const push = st(
      `<iq type='set' id='p1'><query xmlns='jabber:iq:roster'><item jid='Bob@localhost' subscription='none' ask='subscribe'/></query></iq>`,
    );
    expect(is.rosterSet(push)).toBe(true);
    expect(is.rosterItem('bob@localhost', { subscription: 'none', ask: 'subscribe' })(push)).toBe(true);
    expect(rosterContains('bob@localhost')(push)).toBe(true);
    expect(is.rosterResult(push)).toBe(false);
    const err = st(
      `<iq type='error' id='x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
    );
    expect(is.iqError('item-not-found')(err) && is.error()(err)).toBe(true);
    expect(is.iqError('forbidden')(err)).toBe(false);
  });

  it('reads MUC and pubsub notifications', () => {
    const self = st(
      `<presence from='r@conference.localhost/alice'><x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/><status code='201'/></x></presence>`,
    );
    expect(is.mucSelfPresence(self) && is.mucRoomCreated(self) && is.fromNick('alice')(self)).toBe(true);
    const ev = st(
      `<message from='pubsub.localhost'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='n1'><item id='i1'/></items></event></message>`,
    );
    expect(is.pubsubEvent('n1')(ev) && is.pubsubItem('i1')(ev)).toBe(true);
    expect(is.pubsubEvent('n2')(ev)).toBe(false);
  });
});

describe('assertions', () => {
  it('assertMany matches in any order, one stanza per predicate', () => {
    const a = st(`<iq type='result' id='1'/>`);
    const b = st(`<iq type='set' id='2'><query xmlns='jabber:iq:roster'/></iq>`);
    expect(() => assertMany([a, b], [is.rosterSet, is.iqResult()])).not.toThrow();
    // is.iq matches both; is.iqResult only `a`: the matching must give `b` to is.iq.
    expect(() => assertMany([a, b], [is.iq, is.iqResult()])).not.toThrow();
    expect(() => assertMany([a, b], [is.iqResult(), is.iqResult()])).toThrow(StoryAssertionError);
  });

  it('assertIs names the failed predicates and shows the stanza', () => {
    const m = st(stanza.chatTo('bob@localhost', 'hi'));
    expect(() => assertIs(m, is.groupchat('hi'))).toThrow(/groupchat\('hi'\)[\s\S]*<message/);
  });
});
