/**
 * Translation of Tsung's regular expressions (Erlang `re`, i.e. PCRE) to JavaScript
 * RegExp source. The common subset is identical; a few PCRE spellings are rewritten and
 * the constructs JavaScript lacks are refused with a hint, never silently changed.
 */
export type RegexResult = { ok: true; source: string } | { ok: false; message: string; hint: string };

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\r\\n\\v\\f',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  word: '\\w',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

export function pcreToJs(pcre: string): RegexResult {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pcre.length; i++) {
    const c = pcre[i];
    const next = pcre[i + 1];
    if (c === '\\' && next !== undefined) {
      if (!inClass && next === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && (next === 'z' || next === 'Z')) {
        out += '$';
        i++;
        continue;
      }
      if (next === 'Q' || next === 'E') return refuse('\\Q...\\E quoting', 'escape each special character with a backslash instead');
      if (next === 'h') {
        out += '[ \\t]';
        i++;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && next === ':') {
        const end = pcre.indexOf(':]', i + 2);
        const name = end > 0 ? pcre.slice(i + 2, end) : '';
        const cls = Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
        if (cls === undefined) return refuse(`POSIX class [:${name}:]`, 'write the characters out, e.g. [a-z0-9]');
        out += cls;
        i = end + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (next === '^') {
        out += '^';
        i++;
      }
      if (pcre[i + 1] === ']') {
        out += '\\]';
        i++;
      } // PCRE: a leading ] is literal
      continue;
    }
    if (c === '(' && next === '?') {
      const rest = pcre.slice(i + 2);
      if (rest.startsWith('>')) return refuse('atomic group (?>...)', 'use a plain group (...)');
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^[imsxU-]+[):]/.test(rest)) return refuse('inline flag group (?i) etc.', 'write the alternatives out, e.g. [Ee]rror');
      if (rest.startsWith('#')) return refuse('comment group (?#...)', 'remove the comment');
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && next === '+') {
      return refuse('possessive quantifier', `use the greedy form "${c}" without the trailing +`);
    }
    out += c;
  }
  try {
    new RegExp(out);
  } catch (err) {
    return {
      ok: false,
      message: `invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`,
      hint: 'fix the pattern (PCRE syntax, as Tsung uses)',
    };
  }
  return { ok: true, source: out };
}

function refuse(what: string, hint: string): RegexResult {
  return { ok: false, message: `the regular expression uses ${what}, which JavaScript lacks`, hint };
}

/** Tsung's regexp for a dyn_variable without re/xpath (ts_config.hrl DEF_RE_DYNVAR_*): an HTML input's value. */
export function defaultDynVarRegex(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `name=["']${escaped}["'] (?:[^>]* )?value=["']([^"']*)["']`;
}
