import { describe, expect, it } from 'vitest';
import { XmlFramingError } from './errors.js';
import { StreamFramer, type FramerSink } from './framer.js';
import { chunks, int, pick, rng, type Rng } from '../../test/unit/prng.js';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='abc' version='1.0'>";
const MAX = 4096;

interface Outcome {
  frames: string[];
  errors: XmlFramingError[];
  closed: boolean;
  thrown: unknown;
}

function feed(parts: readonly string[]): Outcome {
  const o: Outcome = { frames: [], errors: [], closed: false, thrown: undefined };
  const sink: FramerSink = {
    onStreamOpen: () => undefined,
    onFrame: (f) => o.frames.push(f.raw),
    onStreamClose: () => (o.closed = true),
    onError: (e) => o.errors.push(e),
  };
  const framer = new StreamFramer(sink, { maxStanzaBytes: MAX });
  try {
    for (const p of parts) framer.push(p);
  } catch (err) {
    o.thrown = err;
  }
  return o;
}

const NAMES = ['message', 'iq', 'presence', 'stream:features', 'success', 'a:b', 'x'];
const TEXTS = ['hi', '&amp;', '&lt;', '&#x1F600;', ' ', 'é', '\u{1F600}', ']]>', "'", '"'];

/** A random well-formed stanza: nested elements, attributes with either quote, text, CDATA (no comments: RFC 6120 §11.1 forbids them). */
function stanza(r: Rng, depth = 0): string {
  const name = pick(r, NAMES);
  const attrs = Array.from({ length: int(r, 0, 3) }, (_, i) => (r() < 0.5 ? ` a${i}='v>${i}'` : ` a${i}="v&quot;${i}"`)).join('');
  if (r() < 0.2) return `<${name}${attrs}/>`;
  const kids = Array.from({ length: depth > 3 ? 0 : int(r, 0, 3) }, () => {
    const c = r();
    if (c < 0.4) return stanza(r, depth + 1);
    if (c < 0.5) return '<![CDATA[<not a tag> & ]]>';
    return pick(r, TEXTS)
      .replace(']]>', ']]&gt;')
      .replace(/^'$|^"$/, 'q');
  }).join('');
  return `<${name}${attrs}>${kids}</${name}>`;
}

const SNIPPETS = [
  '<',
  '>',
  '/>',
  '</',
  '<?',
  '<!',
  '<![CDATA[',
  '&',
  '"',
  "'",
  '\u0000',
  '</stream:stream>',
  '<x',
  '=',
  '\uffff',
  '<<<<',
  '>>>>',
];

function mutate(r: Rng, s: string): string {
  let t = s;
  for (let i = int(r, 1, 4); i > 0; i--) {
    const at = int(r, 0, t.length);
    const c = r();
    if (c < 0.4) t = t.slice(0, at) + t.slice(at + int(r, 1, 10));
    else if (c < 0.8) t = t.slice(0, at) + pick(r, SNIPPETS) + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + int(r, 1, 50)).repeat(int(r, 2, 5)) + t.slice(at);
  }
  return t;
}

describe('StreamFramer under random input (property tests)', () => {
  it('a well-formed stream yields the same frames however it is chunked (500 seeds)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const stanzas = Array.from({ length: int(r, 1, 8) }, () => stanza(r));
      const text = `${HEADER}${stanzas.join(r() < 0.5 ? '' : '\n ')}</stream:stream>`;
      const whole = feed([text]);
      const split = feed(chunks(r, text, int(r, 1, 40)));
      expect(whole.thrown, `seed ${seed}`).toBeUndefined();
      expect(
        whole.errors.map((e) => e.message),
        `seed ${seed}: ${text}`,
      ).toEqual([]);
      expect(whole.frames, `seed ${seed}`).toEqual(stanzas);
      expect(split.frames, `seed ${seed}`).toEqual(stanzas);
      expect(split.closed && whole.closed, `seed ${seed}`).toBe(true);
    }
  });

  it('mutated streams end in frames or one typed error, never a throw or a hang (2,000 seeds)', () => {
    const t0 = performance.now();
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const text = mutate(r, `${HEADER}${Array.from({ length: int(r, 1, 5) }, () => stanza(r)).join('')}</stream:stream>`);
      const o = feed(chunks(r, text, int(r, 1, 64)));
      expect(o.thrown, `seed ${seed}`).toBeUndefined();
      expect(o.errors.length, `seed ${seed}`).toBeLessThanOrEqual(1);
      for (const e of o.errors) {
        expect(e).toBeInstanceOf(XmlFramingError);
        expect(['xml_malformed', 'stanza_too_large']).toContain(e.code);
      }
      for (const f of o.frames) expect(f.length).toBeLessThanOrEqual(MAX);
    }
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('random bytes as text: a typed error at most, never a throw (1,000 seeds)', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const r = rng(seed);
      const text = Array.from({ length: int(r, 1, 300) }, () => String.fromCharCode(int(r, 0, 0x7f))).join('');
      const o = feed(chunks(r, r() < 0.5 ? HEADER + text : text, int(r, 1, 32)));
      expect(o.thrown, `seed ${seed}`).toBeUndefined();
      expect(o.errors.length).toBeLessThanOrEqual(1);
    }
  });

  for (const [name, open, filler] of [
    ['an endless stanza', `${HEADER}<message>`, 'a'.repeat(1024)],
    ['an endless start tag', `${HEADER}<message a='`, 'b'.repeat(1024)],
    ['an endless header', "<stream:stream a='", 'c'.repeat(1024)],
    ['endless nesting', HEADER, '<x>'.repeat(300)],
  ] as const) {
    it(`${name} is cut at the stanza limit: bounded memory, one stanza_too_large or xml_malformed`, () => {
      const parts = [open, ...Array.from({ length: 4096 }, () => filler)];
      const o = feed(parts);
      expect(o.thrown).toBeUndefined();
      expect(o.errors).toHaveLength(1);
      expect(o.frames).toEqual([]);
    });
  }
});
