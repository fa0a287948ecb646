/**
 * The XPath subset Tsung scenarios use in `<dyn_variable xpath>` over XMPP replies:
 * location paths of `/` and `//` steps, name tests (`*`, names with or without a prefix,
 * compared by local name), predicates `[@a]`, `[@a='v']`, `[n]`, and a last step of
 * `@attr` or `text()`. The result is the first match's string value (Tsung keeps the
 * first), or null. Evaluated over the reply's small DOM, off the hot path.
 */
import type { XmlElement } from '../../xmpp/index.js';
import { XloadError } from '../../errors.js';

export class XPathError extends XloadError {
  constructor(expr: string, why: string) {
    super('xpath_unsupported', `xpath "${expr}": ${why}`);
  }
}

interface Step {
  deep: boolean;
  name: string;
  preds: Pred[];
}
type Pred = { attr: string; value?: string } | { index: number };
type Last = { kind: 'attr'; name: string } | { kind: 'text' } | { kind: 'node' };

interface Compiled {
  steps: Step[];
  last: Last;
}

const cache = new Map<string, Compiled>();

export function evalXPath(expr: string, root: XmlElement): string | null {
  let c = cache.get(expr);
  if (!c) {
    c = compile(expr);
    if (cache.size > 200) cache.clear();
    cache.set(expr, c);
  }
  // The document node's only child is the stanza: the first step matches the root itself.
  let nodes: XmlElement[] = [{ name: '#document', attrs: {}, children: [root] }];
  for (const s of c.steps) nodes = step(nodes, s);
  for (const n of nodes) {
    if (c.last.kind === 'attr') {
      const v = attrLocal(n, c.last.name);
      if (v !== undefined) return v;
    } else {
      return textOf(n);
    }
  }
  return null;
}

function compile(expr: string): Compiled {
  const steps: Step[] = [];
  let last: Last = { kind: 'node' };
  const re = /(\/\/?)(@?[\w:.*-]+(?:\(\))?)((?:\[[^\]]*\])*)/y;
  let pos = 0;
  const src = expr.trim().startsWith('/') ? expr.trim() : `//${expr.trim()}`;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new XPathError(expr, `cannot read from "${src.slice(pos)}"`);
    pos = re.lastIndex;
    const [, sep, name, predText] = m as unknown as [string, string, string, string];
    if (name.startsWith('@')) {
      if (pos < src.length) throw new XPathError(expr, 'an attribute must be the last step');
      last = { kind: 'attr', name: local(name.slice(1)) };
      if (sep === '//') steps.push({ deep: true, name: '*', preds: [] });
    } else if (name === 'text()') {
      last = { kind: 'text' };
    } else {
      steps.push({ deep: sep === '//', name: local(name), preds: parsePreds(expr, predText) });
    }
  }
  return { steps, last };
}

function parsePreds(expr: string, text: string): Pred[] {
  const out: Pred[] = [];
  for (const m of text.matchAll(/\[([^\]]*)\]/g)) {
    const p = m[1]!.trim();
    const a = /^@([\w:.-]+)\s*(?:=\s*(?:'([^']*)'|"([^"]*)"))?$/.exec(p);
    if (a) out.push(a[2] !== undefined || a[3] !== undefined ? { attr: local(a[1]!), value: a[2] ?? a[3]! } : { attr: local(a[1]!) });
    else if (/^\d+$/.test(p)) out.push({ index: Number(p) });
    else throw new XPathError(expr, `predicate [${p}] is not supported`);
  }
  return out;
}

function step(nodes: XmlElement[], s: Step): XmlElement[] {
  const out: XmlElement[] = [];
  for (const n of nodes) {
    const found: XmlElement[] = [];
    collect(n, s, found);
    out.push(...filter(found, s.preds));
  }
  return out;
}

function collect(n: XmlElement, s: Step, out: XmlElement[]): void {
  for (const c of n.children) {
    if (typeof c === 'string') continue;
    if (s.name === '*' || local(c.name) === s.name) out.push(c);
    if (s.deep) collect(c, s, out);
  }
}

function filter(nodes: XmlElement[], preds: Pred[]): XmlElement[] {
  let cur = nodes;
  for (const p of preds) {
    if ('index' in p) cur = cur[p.index - 1] ? [cur[p.index - 1]!] : [];
    else cur = cur.filter((n) => (p.value === undefined ? attrLocal(n, p.attr) !== undefined : attrLocal(n, p.attr) === p.value));
  }
  return cur;
}

function attrLocal(n: XmlElement, name: string): string | undefined {
  if (n.attrs[name] !== undefined) return n.attrs[name];
  for (const [k, v] of Object.entries(n.attrs)) if (local(k) === name) return v;
  return undefined;
}

function textOf(n: XmlElement): string {
  let s = '';
  for (const c of n.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Why `expr` is outside the subset above, or undefined: for `xload check` (src/scenario/validate-expect.ts). */
export function xpathProblem(expr: string): string | undefined {
  try {
    compile(expr);
    return undefined;
  } catch (err) {
    if (err instanceof XPathError) return err.message;
    throw err;
  }
}
