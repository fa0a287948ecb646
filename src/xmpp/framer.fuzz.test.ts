import { describe, expect, it } from 'vitest';
import { XmlFramingError } from './errors.js';
import { StreamFramer, type FramerSink } from './framer.js';
import fc from 'fast-check';

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
/** Text children (escaped where XML needs it: the generator makes well-formed stanzas). */
const TEXTS = ['hi', '&amp;', '&lt;', '&#x1F600;', ' ', 'é', '\u{1F600}', ']]&gt;', 'q'];
const CDATA = '<![CDATA[<not a tag> & ]]>';

/**
 * A well-formed stanza of at most `depth` levels: nested elements, attributes with either
 * quote, text, CDATA (no comments: RFC 6120 §11.1 forbids them). fast-check shrinks a failing
 * one to the smallest stanza that still fails.
 */
const stanza: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.array(fc.boolean(), { maxLength: 3 }),
      fc.boolean(),
      depth <= 1 ? fc.constant([]) : fc.array(fc.oneof(stanza(depth - 1), fc.constant(CDATA), fc.constantFrom(...TEXTS)), { maxLength: 3 }),
    )
    .map(([name, quotes, empty, kids]) => {
      const attrs = quotes.map((single, i) => (single ? ` a${i}='v>${i}'` : ` a${i}="v&quot;${i}"`)).join('');
      return empty && kids.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${kids.join('')}</${name}>`;
    }),
);

/** Cut points for a text: the lengths of its chunks, as TCP reads would arrive. */
const cuts = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 200 });
function cut(text: string, lens: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const n = lens[k % lens.length]!;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
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
/** One edit of a text: delete a run, insert a hostile snippet, or repeat a slice. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 50 }),
    times: fc.integer({ min: 2, max: 5 }),
  }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
function apply(text: string, edits: readonly Edit[]): string {
  let t = text;
  for (const e of edits) {
    const at = e.at % (t.length + 1);
    if (e.kind === 'delete') t = t.slice(0, at) + t.slice(at + e.len);
    else if (e.kind === 'insert') t = t.slice(0, at) + e.snippet + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + e.len).repeat(e.times) + t.slice(at);
  }
  return t;
}

describe('StreamFramer under random input (fast-check properties)', () => {
  it('a well-formed stream yields the same frames however it is chunked', () => {
    fc.assert(
      fc.property(fc.array(stanza(4), { minLength: 1, maxLength: 8 }), fc.boolean(), cuts, (stanzas, newlines, lens) => {
        const text = `${HEADER}${stanzas.join(newlines ? '\n ' : '')}</stream:stream>`;
        const whole = feed([text]);
        const split = feed(cut(text, lens));
        expect(whole.thrown).toBeUndefined();
        expect(whole.errors.map((e) => e.message)).toEqual([]);
        expect(whole.frames).toEqual(stanzas);
        expect(split.frames).toEqual(stanzas);
        expect(split.closed && whole.closed).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('mutated streams end in frames or one typed error, never a throw or a hang', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(
        fc.array(stanza(4), { minLength: 1, maxLength: 5 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        cuts,
        (stanzas, edits, lens) => {
          const o = feed(cut(apply(`${HEADER}${stanzas.join('')}</stream:stream>`, edits), lens));
          expect(o.thrown).toBeUndefined();
          expect(o.errors.length).toBeLessThanOrEqual(1);
          for (const e of o.errors) {
            expect(e).toBeInstanceOf(XmlFramingError);
            expect(['xml_malformed', 'stanza_too_large']).toContain(e.code);
          }
          for (const f of o.frames) expect(f.length).toBeLessThanOrEqual(MAX);
        },
      ),
      { numRuns: 2000 },
    );
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('random ASCII, with or without a stream header: a typed error at most, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 300 }), fc.boolean(), cuts, (text, header, lens) => {
        const o = feed(cut(header ? HEADER + text : text, lens));
        expect(o.thrown).toBeUndefined();
        expect(o.errors.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
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
