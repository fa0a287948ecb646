import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeatures } from './features.js';

const transcript = readFileSync(new URL('./fixtures/ejabberd-session.xml', import.meta.url), 'utf8');
const all = [...transcript.matchAll(/<stream:features>.*?<\/stream:features>/g)].map((m) => m[0]);
const frame = (raw: string) => ({ name: 'stream:features', attrs: {}, raw });

describe('parseFeatures', () => {
  it('reads ejabberd pre-auth features', () => {
    expect(parseFeatures(frame(all[0]!))).toEqual({
      starttls: true,
      starttlsRequired: false,
      mechanisms: ['PLAIN', 'SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'],
      channelBindings: null,
      bind: false,
      session: false,
      sm: false,
      register: true,
      legacyAuth: true,
      csi: false,
    });
  });

  it('shares one frozen object per distinct feature set (no DOM per login, no copy per user)', () => {
    const a = parseFeatures(frame(all[1]!));
    const b = parseFeatures(frame(` ${all[1]!}`.slice(1)));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.mechanisms)).toBe(true);
    expect(parseFeatures(frame(all[0]!))).not.toBe(a);
  });

  it('reads ejabberd post-auth features: optional session is not required', () => {
    expect(parseFeatures(frame(all[1]!))).toMatchObject({ bind: true, session: false, sm: true, mechanisms: [] });
  });

  it('sees required STARTTLS, a mandatory session and CSI', () => {
    const f = parseFeatures(
      frame(
        `<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>` +
          `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/><csi xmlns='urn:xmpp:csi:0'/></stream:features>`,
      ),
    );
    expect(f).toMatchObject({ starttls: true, starttlsRequired: true, session: true, csi: true });
  });

  it('reads the XEP-0440 channel-binding types', () => {
    const f = parseFeatures(
      frame(
        `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-256-PLUS</mechanism></mechanisms>` +
          `<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='tls-server-end-point'/>` +
          `<channel-binding type='tls-exporter'/></sasl-channel-binding></stream:features>`,
      ),
    );
    expect(f.mechanisms).toEqual(['SCRAM-SHA-256-PLUS']);
    expect(f.channelBindings).toEqual(['tls-server-end-point', 'tls-exporter']);
  });
});
