import type { SourcePos } from './plan.js';

/** Maps string offsets to 1-based line/column; built once per file, lookups are O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // CR LF, LF and lone CR all end a line (XML 1.0 §2.11 end-of-line handling).
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  at(offset: number): SourcePos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

/**
 * Offsets of each attribute name in the start tag beginning at `tagStart` (its `<`).
 * fast-xml-parser reports where an element starts but not where its attributes are, so
 * the start tag is re-read here: names, `=`, and quoted values (which may hold `>`).
 */
export function scanAttributeOffsets(text: string, tagStart: number): Map<string, number> {
  const out = new Map<string, number>();
  let i = tagStart + 1;
  const n = text.length;
  while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n || text[i] === '>' || text[i] === '/') return out;
    const nameStart = i;
    while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== '=' && text[i] !== '>') i++;
    const name = text.slice(nameStart, i);
    if (!out.has(name)) out.set(name, nameStart);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text[i] !== '=') continue;
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = text.indexOf(quote, i + 1);
    if (end < 0) return out;
    i = end + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
