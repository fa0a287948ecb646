import { describe, expect, it } from 'vitest';
import { attr, child, children, parseElement, text } from './element.js';
import { XmlFramingError } from './errors.js';
import { escapeAttr, escapeXml, unescapeXml } from './escape.js';

describe('parseElement', () => {
  it('builds a tree with decoded text, attributes and CDATA', () => {
    const el = parseElement(
      `<message to='a@b' x="q&quot;"><body>a &lt; b &#x263A; &#65;</body><x xmlns='urn:x'><y/></x><c><![CDATA[<raw>]]></c></message>`,
    );
    expect(el.name).toBe('message');
    expect(attr(el, 'x')).toBe('q"');
    expect(text(child(el, 'body')!)).toBe('a < b ☺ A');
    expect(child(el, 'x', 'urn:x')?.children).toEqual([{ name: 'y', attrs: {}, children: [] }]);
    expect(child(el, 'x', 'urn:other')).toBeUndefined();
    expect(text(child(el, 'c')!)).toBe('<raw>');
    expect(children(el, 'body')).toHaveLength(1);
  });

  it.each([`<a><b></a>`, `<a>`, `<a/><b/>`, `<a><!-- c --></a>`, `<a b=c/>`, `text<a/>`])('rejects %s', (raw) => {
    expect(() => parseElement(raw)).toThrow(XmlFramingError);
  });
});

describe('escape', () => {
  it('escapes text and attributes and round-trips', () => {
    expect(escapeXml(`a<b>&"'`)).toBe(`a&lt;b&gt;&amp;"'`);
    expect(escapeAttr(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(unescapeXml(escapeAttr(`x<y>&"'z`))).toBe(`x<y>&"'z`);
    expect(escapeXml('plain')).toBe('plain');
    expect(unescapeXml('&unknown; &#128512;')).toBe('&unknown; 😀');
  });
});
