import { describe, expect, it } from 'vitest';
import type { XloadError } from '../../errors.js';
import { SaslError, StanzaError, TlsError } from '../errors.js';
import type { StreamFeatures } from '../features.js';
import type { Frame } from '../framer.js';
import type { XmppTransport } from '../transport.js';
import { bindAnswer, boundJid, legacyAuthAnswer } from './iq-steps.js';
import { iqAnswer, Reply } from './reply.js';
import { SaslStep, saslPayload } from './sasl-step.js';
import { enableAnswer, resumeAnswer } from './sm-steps.js';
import { starttlsAnswer } from './starttls-step.js';

const f = (name: string, attrs: Record<string, string> = {}, raw = `<${name}/>`): Frame => ({ name, attrs, raw });

/** Records what a step writes; plain TCP (no TLS socket). Not a server: it never answers. */
function recorder(): XmppTransport & { sent: string[] } {
  const sent: string[] = [];
  return { sent, encrypted: false, send: (d: string) => (sent.push(d), true) } as unknown as XmppTransport & { sent: string[] };
}

const features = (mechanisms: string[]): StreamFeatures => ({
  starttls: false,
  starttlsRequired: false,
  mechanisms,
  channelBindings: null,
  bind: false,
  session: false,
  sm: false,
  register: false,
  legacyAuth: false,
  csi: false,
});

describe('iq steps', () => {
  it('matches the iq with our id: result is done, error is the stanza error', () => {
    expect(iqAnswer(f('iq', { id: 'b1', type: 'result' }), 'b1')).toBe(Reply.Done);
    expect(iqAnswer(f('iq', { id: 'other', type: 'result' }), 'b1')).toBe(Reply.NotMine);
    expect(iqAnswer(f('message', { id: 'b1' }), 'b1')).toBe(Reply.NotMine);
    const err = iqAnswer(
      f(
        'iq',
        { id: 'b1', type: 'error' },
        "<iq id='b1' type='error'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
      ),
      'b1',
    );
    expect(err).toBeInstanceOf(StanzaError);
    expect((err as XloadError).code).toBe('stanza_error.conflict');
  });

  it('reads the bound JID from the raw bind result', () => {
    const raw = "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>o&apos;hara@localhost/r1</jid></bind></iq>";
    expect(bindAnswer(f('iq', { id: 'b1', type: 'result' }, raw), 'b1')).toBe(Reply.Done);
    expect(boundJid(raw)).toBe("o'hara@localhost/r1");
    expect(boundJid("<iq type='result' id='b1'/>")).toBeNull();
  });

  it('makes a legacy auth error a failed login (auth_failed)', () => {
    const raw = "<iq type='error' id='a1'><error type='auth'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    const r = legacyAuthAnswer(f('iq', { id: 'a1', type: 'error' }, raw), 'a1');
    expect(r).toBeInstanceOf(SaslError);
    expect(r).toMatchObject({ code: 'auth_failed', condition: 'not-authorized' });
  });
});

describe('starttls and SM steps', () => {
  it('proceeds, refuses as tls_failed, ignores the rest', () => {
    expect(starttlsAnswer(f('proceed'))).toBe(Reply.Done);
    expect(starttlsAnswer(f('failure'))).toBeInstanceOf(TlsError);
    expect(starttlsAnswer(f('stream:features'))).toBe(Reply.NotMine);
  });

  it('reads resumed, failed and enabled', () => {
    expect(resumeAnswer(f('resumed', { h: '7' }))).toEqual({ resumed: true, h: 7 });
    expect(resumeAnswer(f('failed'))).toEqual({ resumed: false, h: undefined });
    expect(resumeAnswer(f('a'))).toBeNull();
    expect(enableAnswer(f('enabled', { id: 'x', resume: 'true' }))).toEqual({ enabled: true, id: 'x' });
    expect(enableAnswer(f('enabled', { id: 'x' }))).toEqual({ enabled: true, id: null });
    expect(enableAnswer(f('failed'))).toEqual({ enabled: false });
  });
});

describe('SaslStep', () => {
  const creds = { username: 'user1', password: 'pwd1' };

  it('sends PLAIN and is done on success', () => {
    const t = recorder();
    const step = SaslStep.start(t, { mechanism: 'PLAIN' }, creds, 'localhost', features(['PLAIN']));
    expect(step).toBeInstanceOf(SaslStep);
    expect(t.sent).toEqual([
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from('\0user1\0pwd1').toString('base64')}</auth>`,
    ]);
    expect((step as SaslStep).onFrame(f('success', {}, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"))).toBe(Reply.Done);
  });

  it('maps <failure/> to auth_failed with its condition', () => {
    const step = SaslStep.start(recorder(), { mechanism: 'PLAIN' }, creds, 'localhost', features(['PLAIN'])) as SaslStep;
    const raw = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>";
    expect(step.onFrame(f('failure', {}, raw))).toMatchObject({ code: 'auth_failed', condition: 'not-authorized' });
    expect(step.onFrame(f('iq'))).toBe(Reply.NotMine);
  });

  it('refuses an unoffered mechanism before sending, unless told to send it anyway (Tsung)', () => {
    const t = recorder();
    const r = SaslStep.start(t, { mechanism: 'PLAIN' }, creds, 'localhost', features(['SCRAM-SHA-1']));
    expect(r).toMatchObject({ code: 'protocol_error.auth_no_mechanism' });
    expect(t.sent).toEqual([]);
    expect(SaslStep.start(t, { mechanism: 'PLAIN', sendUnoffered: true }, creds, 'localhost', null)).toBeInstanceOf(SaslStep);
  });

  it('returns a SCRAM server signature that does not verify as auth_failed, not a throw', () => {
    const t = recorder();
    const step = SaslStep.start(t, { mechanism: 'SCRAM-SHA-1' }, creds, 'localhost', features(['SCRAM-SHA-1'])) as SaslStep;
    const nonce = /r=([^,]+)/.exec(Buffer.from(saslPayload(t.sent[0]!), 'base64').toString())![1]!;
    const first = Buffer.from(`r=${nonce}srv,s=${Buffer.from('salt').toString('base64')},i=4096`).toString('base64');
    expect(step.onFrame(f('challenge', {}, `<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${first}</challenge>`))).toBe(
      Reply.Consumed,
    );
    const bad = Buffer.from('v=AAAA').toString('base64');
    expect(step.onFrame(f('success', {}, `<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${bad}</success>`))).toMatchObject({
      code: 'auth_failed',
    });
  });

  it('reads payloads without a DOM', () => {
    expect(saslPayload('<success/>')).toBe('');
    expect(saslPayload("<success xmlns='x'>=</success>")).toBe('');
    expect(saslPayload("<challenge xmlns='x'> abc= </challenge>")).toBe('abc=');
  });
});
