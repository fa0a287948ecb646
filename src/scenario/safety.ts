import type { DiagnosticBag } from './diagnostics.js';
import type { LineIndex } from './positions.js';

/** Longest attribute value accepted; Tsung's longest real values are a few hundred bytes. */
export const MAX_ATTRIBUTE_CHARS = 1024 * 1024;
/** Deepest element nesting accepted; real scenarios nest loops a handful of levels. */
export const MAX_DEPTH = 64;

/**
 * Refuses documents that declare entities. Tsung's scenarios only ever name an external
 * DTD (`<!DOCTYPE tsung SYSTEM "...">`, sometimes with an empty `[]` subset); an
 * internal subset with `<!ENTITY` is the billion-laughs shape and is never needed.
 * Returns false after reporting when the document must not be parsed.
 */
export function checkDocumentSafety(text: string, lines: LineIndex, bag: DiagnosticBag): boolean {
  const entity = text.search(/<!ENTITY\b/);
  if (entity >= 0) {
    bag.error(
      lines.at(entity),
      'entity declarations are not allowed in a scenario',
      'remove the <!DOCTYPE> internal subset; write values out, or use <setdynvars> and %%_var%% for repeated values',
    );
    return false;
  }
  // A huge attribute or text run is refused before the validator walks it character by
  // character (~170 ms per MiB): the distance between two '<' bounds every such run.
  let prev = text.indexOf('<');
  while (prev >= 0) {
    const next = text.indexOf('<', prev + 1);
    const end = next < 0 ? text.length : next;
    if (end - prev > MAX_ATTRIBUTE_CHARS) {
      bag.error(
        lines.at(prev),
        `a tag or text run here is ${end - prev} characters long, over the ${MAX_ATTRIBUTE_CHARS} limit`,
        'keep large data in a file_server file',
      );
      return false;
    }
    prev = next;
  }
  const deep = firstTooDeep(text);
  if (deep >= 0) {
    bag.error(lines.at(deep), `elements nest deeper than ${MAX_DEPTH} levels here`, 'flatten the scenario');
    return false;
  }
  return true;
}

/**
 * Offset of the first start tag nested deeper than MAX_DEPTH, or -1. Counted here because
 * fast-xml-parser's own limit ("Maximum nested tags exceeded") says neither line nor column.
 * Comments, CDATA, processing instructions and DOCTYPE do not nest; quoted values may hold '>'.
 */
export function firstTooDeep(text: string): number {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0) {
    let end: number;
    if (text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i + 9);
    else if (text[i + 1] === '?' || text[i + 1] === '!') end = text.indexOf('>', i + 2);
    else if (text[i + 1] === '/') {
      depth--;
      end = text.indexOf('>', i + 2);
    } else {
      end = tagEnd(text, i + 1);
      if (end >= 0 && text[end - 1] !== '/' && ++depth > MAX_DEPTH + 1) return i;
    }
    if (end < 0) return -1;
    i = text.indexOf('<', end + 1);
  }
  return -1;
}

function tagEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '>') return i;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}
