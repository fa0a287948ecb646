import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { XmlFramingError } from './errors.js';
import { StreamFramer, type Frame, type FramerSink } from './framer.js';

type Event = { t: 'open'; attrs: Record<string, string> } | { t: 'frame'; frame: Frame } | { t: 'close' } | { t: 'error'; code: string };

/** Records what the framer reports. */
function recorder(): { events: Event[]; framer: StreamFramer } {
  const events: Event[] = [];
  const sink: FramerSink = {
    onStreamOpen: (attrs) => events.push({ t: 'open', attrs }),
    // A plain copy: frames decode their attributes lazily (a getter, not an own field).
    onFrame: (frame) => events.push({ t: 'frame', frame: { name: frame.name, attrs: frame.attrs, raw: frame.raw } }),
    onStreamClose: () => events.push({ t: 'close' }),
    onError: (err: XmlFramingError) => events.push({ t: 'error', code: err.code }),
  };
  return { events, framer: new StreamFramer(sink, { maxStanzaBytes: 4096 }) };
}

const transcript = readFileSync(new URL('./fixtures/ejabberd-session.xml', import.meta.url), 'utf8');
// The server restarts the stream after <success/> (RFC 6120 §6.4.6) only once the client
// has sent a new header, so the two streams arrive in separate reads: feed them so.
const restart = transcript.indexOf('<?xml', 1);
const streams = [transcript.slice(0, restart), transcript.slice(restart)];
const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='abc' from='localhost' version='1.0'>";

/** Feeds each stream's chunks, resetting the framer between streams as the connection does. */
function feedStreams(perStream: string[][]): Event[] {
  const r = recorder();
  perStream.forEach((chunks, i) => {
    if (i > 0) r.framer.reset();
    for (const c of chunks) r.framer.push(c);
  });
  return r.events;
}

function feed(chunks: string[]): Event[] {
  return feedStreams([chunks]);
}

function chunked(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

describe('StreamFramer on a recorded ejabberd session', () => {
  const whole = feedStreams(streams.map((s) => [s]));

  it('yields the stream opens, every element and the close', () => {
    const names = whole.map((e) => (e.t === 'frame' ? e.frame.name : e.t));
    expect(names).toEqual([
      'open',
      'stream:features',
      'success',
      'open',
      'stream:features',
      'iq',
      'iq',
      'iq',
      'presence',
      'message',
      'iq',
      'close',
    ]);
    expect(whole[0]).toMatchObject({ t: 'open', attrs: { id: '13350943641799625433', from: 'localhost' } });
    const msg = whole.find((e) => e.t === 'frame' && e.frame.name === 'message');
    expect(msg).toMatchObject({ frame: { attrs: { type: 'chat', id: 'm1' } } });
    if (msg?.t === 'frame') {
      expect(msg.frame.raw.startsWith('<message ')).toBe(true);
      expect(msg.frame.raw.endsWith('</message>')).toBe(true);
      expect(msg.frame.raw).toContain("a='&apos;>'");
      expect(msg.frame.raw).toContain('😀');
    }
  });

  it('gives the same result for every split point in two chunks', () => {
    for (const [k, s] of streams.entries()) {
      for (let i = 1; i < s.length; i++) {
        const parts = streams.map((t) => [t]);
        parts[k] = [s.slice(0, i), s.slice(i)];
        expect(feedStreams(parts)).toEqual(whole);
      }
    }
  });

  it('gives the same result fed one character at a time, and in 3-char chunks', () => {
    expect(feedStreams(streams.map((s) => [...s]))).toEqual(whole);
    expect(feedStreams(streams.map((s) => chunked(s, 3)))).toEqual(whole);
  });
});

describe('StreamFramer syntax', () => {
  const frames = (body: string): Event[] => feed([HEADER + body]).slice(1);

  it('reads self-closing tags, both quote styles, > and entities in attributes', () => {
    const ev = frames(`<iq type="result" id='a&amp;b' x='1>2'/><presence/>`);
    expect(ev).toEqual([
      {
        t: 'frame',
        frame: { name: 'iq', attrs: { type: 'result', id: 'a&b', x: '1>2' }, raw: `<iq type="result" id='a&amp;b' x='1>2'/>` },
      },
      { t: 'frame', frame: { name: 'presence', attrs: {}, raw: '<presence/>' } },
    ]);
  });

  it('skips whitespace keepalives and reads CDATA containing tags', () => {
    const ev = frames(` \n\t<message><body><![CDATA[<not></a> tag]]></body></message>\n `);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ frame: { raw: '<message><body><![CDATA[<not></a> tag]]></body></message>' } });
  });

  it('accepts nested same-name elements and end tags with trailing space', () => {
    const ev = frames(`<a><a><b></b ></a></a >`);
    expect(ev).toMatchObject([{ t: 'frame', frame: { name: 'a', raw: '<a><a><b></b ></a></a >' } }]);
  });

  it('works without the XML declaration and with a bare <stream> name prefix', () => {
    const ev = feed([`<stream:stream id='x'><iq/>`]);
    expect(ev.map((e) => e.t)).toEqual(['open', 'frame']);
  });

  it.each([
    ['mismatched end tag', `<message><body></message>`],
    ['comment', `<!-- hi --><iq/>`],
    ['processing instruction in stream', `<?pi x?><iq/>`],
    ['text at stream level', `hello<iq/>`],
    ['unexpected end tag', `</foo>`],
    ['< inside a tag', `<iq a='1' <b/>`],
    ['bad attribute', `<iq a=1/>`],
    ['attributes without space between them', `<message a='1'b='2'><body/></message>`],
    ['attribute without a name', `<iq ='1'/>`],
    ['DOCTYPE', `<!DOCTYPE foo><iq/>`],
  ])('reports xml_malformed on %s', (_what, body) => {
    const ev = frames(body);
    expect(ev.at(-1)).toEqual({ t: 'error', code: 'xml_malformed' });
    expect(ev.filter((e) => e.t === 'error')).toHaveLength(1);
  });

  it('reports xml_malformed before the stream header', () => {
    expect(feed([`<message/>`])).toEqual([{ t: 'error', code: 'xml_malformed' }]);
    expect(feed([`junk<stream:stream>`])).toEqual([{ t: 'error', code: 'xml_malformed' }]);
  });

  it('reports stanza_too_large for a big element, even split in chunks', () => {
    const big = `<message><body>${'x'.repeat(5000)}</body></message>`;
    expect(frames(big).at(-1)).toEqual({ t: 'error', code: 'stanza_too_large' });
    const r = recorder();
    r.framer.push(HEADER);
    for (let i = 0; i < big.length; i += 100) r.framer.push(big.slice(i, i + 100));
    expect(r.events.at(-1)).toEqual({ t: 'error', code: 'stanza_too_large' });
  });

  it('counts bytes, not characters, against the limit', () => {
    // 1500 three-byte characters: 1500 chars but 4500 bytes > 4096.
    expect(frames(`<m>${'€'.repeat(1500)}</m>`).at(-1)).toEqual({ t: 'error', code: 'stanza_too_large' });
    expect(frames(`<m>${'€'.repeat(1300)}</m>`).at(-1)).toMatchObject({ t: 'frame' });
  });

  it('keeps working across many stanzas without growing its buffer', () => {
    const r = recorder();
    r.framer.push(HEADER);
    for (let i = 0; i < 1000; i++) r.framer.push(`<message id='${i}'><body>hi</body></message>`);
    expect(r.events).toHaveLength(1001);
  });

  it('ignores data after the stream close and starts over after reset()', () => {
    const r = recorder();
    r.framer.push(`${HEADER}<iq/></stream:stream><iq/>`);
    expect(r.events.map((e) => e.t)).toEqual(['open', 'frame', 'close']);
    r.framer.reset();
    r.framer.push(`${HEADER}<iq/>`);
    expect(r.events.map((e) => e.t)).toEqual(['open', 'frame', 'close', 'open', 'frame']);
  });
});
