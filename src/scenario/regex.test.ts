import { describe, expect, it } from 'vitest';
import { defaultDynVarRegex, pcreToJs } from './regex.js';

describe('pcreToJs', () => {
  it.each([
    ['<stream:stream id="(.*)" xmlns:stream', '<stream:stream id="(.*)" xmlns:stream'],
    ['<Nonce encoding="hex">(.*)<\\/Nonce>', '<Nonce encoding="hex">(.*)<\\/Nonce>'],
    ['\\Aok\\z', '^ok$'],
    ['end\\Z', 'end$'],
    ['[[:alpha:]_]+', '[a-zA-Z_]+'],
    ['[^[:space:]]', '[^ \\t\\r\\n\\v\\f]'],
    ['[]a]', '[\\]a]'],
    ['(?P<id>\\d+)', '(?<id>\\d+)'],
    ['a\\hb', 'a[ \\t]b'],
    ['(?:x|y)(?=z)(?<!w)', '(?:x|y)(?=z)(?<!w)'],
  ])('%s → %s', (pcre, js) => {
    expect(pcreToJs(pcre)).toEqual({ ok: true, source: js });
  });

  it.each([
    ['(?>atomic)', /atomic group/],
    ['a++', /possessive quantifier/],
    ['(?i)error', /inline flag group/],
    ['\\Qa.b\\E', /\\Q\.\.\.\\E quoting/],
    ['[[:nope:]]', /POSIX class \[:nope:\]/],
    ['(unclosed', /invalid regular expression: .*Unterminated group/],
  ])('refuses %s with a reason', (pcre, why) => {
    const r = pcreToJs(pcre);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(why);
      expect(r.hint).not.toBe('');
    }
  });

  it("builds Tsung's default dyn_variable regexp (an HTML input value)", () => {
    const re = new RegExp(defaultDynVarRegex('tok.en'));
    expect(re.exec(`<input name="tok.en" type="hidden" value="abc">`)?.[1]).toBe('abc');
    expect(re.exec(`<input name="tokxen" value="abc">`)).toBeNull();
  });
});

describe("names that are Object's own properties", () => {
  it('[[:constructor:]] is an unknown POSIX class, not the Object function pasted into the pattern', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(pcreToJs(`[[:${name}:]]`)).toMatchObject({ ok: false, message: expect.stringContaining(`[:${name}:]`) });
    }
  });
});
