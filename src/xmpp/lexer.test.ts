import { describe, expect, it } from 'vitest';
import { attrsWellFormed, parseAttrs, sliceCommon, startTagAttrIs } from './lexer.js';

describe('lexer', () => {
  it('sliceCommon returns the same text, shared for common names', () => {
    const buf = `<message type='chat'><body>`;
    expect(sliceCommon(buf, 1, 8)).toBe('message');
    expect(sliceCommon(buf, 15, 19)).toBe('chat');
    expect(sliceCommon('<messagf', 1, 8)).toBe('messagf');
    expect(sliceCommon('xx', 0, 0)).toBe('');
  });

  it('parseAttrs still decodes entities in short values and keeps uncommon ones', () => {
    const raw = `<iq type='a&amp;b' id="en" to='chat' x:y='&lt;'/>`;
    expect(parseAttrs(raw, 3, raw.length - 2)).toEqual({ type: 'a&b', id: 'en', to: 'chat', 'x:y': '<' });
  });

  it('attrsWellFormed accepts exactly what parseAttrs parses', () => {
    const parts = [' ', 'a', '=', "'", '"', 'x', '&amp;', 'b', '\t', 'type', 'chat'];
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let k = 0; k < 3000; k++) {
      let t = '';
      for (let j = rnd(12); j >= 0; j--) t += parts[rnd(parts.length)];
      expect(attrsWellFormed(t, 0, t.length)).toBe(parseAttrs(t, 0, t.length) !== null);
    }
  });

  it('startTagAttrIs agrees with parseAttrs on the start tag', () => {
    const cases = [
      `<message type='error' id='1'><body>type='chat'</body></message>`,
      `<message id="1" type="chat"/>`,
      `<message type = 'e&#x72;ror'>`,
      `<message><body type='error'/></message>`,
      `<message type='error' type='chat'/>`,
      `<message typo='error'/>`,
      `<message xtype='error'/>`,
    ];
    for (const raw of cases) {
      const gt = raw.indexOf('>');
      const end = raw.charCodeAt(gt - 1) === 47 ? gt - 1 : gt;
      const attrs = parseAttrs(raw, raw.search(/[\s/>]/), end) ?? {};
      expect(startTagAttrIs(raw, 'type', 'error'), raw).toBe(attrs.type === 'error');
    }
  });
});
