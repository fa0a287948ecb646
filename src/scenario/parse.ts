import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import type { SourcePos } from './plan.js';
import type { XmlElement } from './ast.js';
import type { DiagnosticBag } from './diagnostics.js';
import { LineIndex, scanAttributeOffsets } from './positions.js';
import { decodeEntities } from './entities.js';
import { checkDocumentSafety, MAX_ATTRIBUTE_CHARS, MAX_DEPTH } from './safety.js';

// The package's CommonJS build, one bundled file: its ES module build (~15 modules, entity
// tables evaluated at import) keeps ~2-3 MiB more resident in the coordinator for the whole
// run, where the parser is used once (bench/README.md, "The coordinator's share").
const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities stay raw here and are decoded by decodeEntities: DOCTYPE entities never expand.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
});
// Declared as the wrapper type `Symbol` by the library; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type FxpNode = Record<string, unknown>;

function startIndexOf(node: FxpNode): number {
  const meta = (node as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined;
  return meta?.startIndex ?? 0;
}

/**
 * Parses scenario XML into an AST with positions. Malformed XML is reported once (with
 * the parser's line and column) and yields undefined; every other problem found while
 * building the tree (unknown entity, oversized attribute) is reported and parsing goes on.
 */
export function parseScenarioXml(text: string, bag: DiagnosticBag): XmlElement | undefined {
  const lines = new LineIndex(text);
  if (!checkDocumentSafety(text, lines, bag)) return undefined;
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const unclosed = unclosedTags(valid.err.msg);
    if (unclosed) reportUnclosed(unclosed, text, lines, bag);
    else {
      bag.error(
        { line: valid.err.line, col: valid.err.col },
        `malformed XML: ${valid.err.msg}`,
        'fix the XML syntax (every tag closed, attribute values quoted, & written as &amp;)',
      );
    }
    return undefined;
  }
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(text) as FxpNode[];
  } catch (err) {
    // fast-xml-parser refuses names such as __proto__ or constructor (prototype pollution);
    // its message names the culprit but not where it is, so look for it.
    const msg = (err as Error).message;
    const name = /"([^"]+)"/.exec(msg)?.[1];
    const off = name ? text.search(new RegExp(`[<\\s]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s=>/]`)) : -1;
    bag.error(off >= 0 ? lines.at(off + 1) : undefined, `malformed XML: ${msg}`, 'rename or remove it');
    return undefined;
  }
  const roots = nodes.map((n) => convert(n, text, lines, bag, 0)).filter((e): e is XmlElement => e !== undefined);
  const root = roots[0];
  if (!root) {
    bag.error({ line: 1, col: 1 }, 'the file has no root element', 'a scenario is a <tsung> document');
    return undefined;
  }
  return root;
}

/**
 * fast-xml-parser reports a document that ends with elements still open as
 * "Invalid '[\"tsung\", ...]' found." at 1:1 (its stack of open tags, outermost first).
 * That is almost always a truncated file, so say so and point at the innermost open tag.
 */
function unclosedTags(msg: string): string[] | undefined {
  const m = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (!m?.[1]) return undefined;
  try {
    const tags: unknown = JSON.parse(m[1]);
    return Array.isArray(tags) && tags.length > 0 && tags.every((t) => typeof t === 'string') ? (tags as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function reportUnclosed(tags: string[], text: string, lines: LineIndex, bag: DiagnosticBag): void {
  const inner = tags[tags.length - 1]!;
  // The last start tag of that name is the one still open (an inner one of the same name closed).
  const re = new RegExp(`<${inner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>]|$)`, 'g');
  let opened = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) opened = m.index;
  const end = lines.at(text.length);
  const where = opened >= 0 ? ` (opened at ${lines.at(opened).line}:${lines.at(opened).col})` : '';
  const outer = tags
    .slice(0, -1)
    .reverse()
    .map((t) => `<${t}>`)
    .join(', ');
  bag.error(
    end,
    `malformed XML: the file ends inside <${inner}>${where}${outer ? `, still open: ${outer}` : ''}`,
    `the file is truncated or a closing tag is missing: close ${tags
      .slice()
      .reverse()
      .map((t) => `</${t}>`)
      .join(', ')}`,
  );
}

function convert(node: FxpNode, text: string, lines: LineIndex, bag: DiagnosticBag, depth: number): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const start = startIndexOf(node);
  const pos = lines.at(start);
  if (depth > MAX_DEPTH) {
    bag.error(pos, `elements nest deeper than ${MAX_DEPTH} levels`, 'flatten the scenario');
    return undefined;
  }
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const offsets = Object.keys(rawAttrs).length > 0 ? scanAttributeOffsets(text, start) : new Map<string, number>();
  const attrs: Record<string, string> = {};
  const attrPos: Record<string, SourcePos> = {};
  for (const [k, raw] of Object.entries(rawAttrs)) {
    const off = offsets.get(k);
    const at = off === undefined ? pos : lines.at(off);
    Object.defineProperty(attrPos, k, { value: at, enumerable: true, writable: true, configurable: true });
    if (raw.length > MAX_ATTRIBUTE_CHARS) {
      bag.error(
        at,
        `attribute ${k} is ${raw.length} characters long, over the ${MAX_ATTRIBUTE_CHARS} limit`,
        'keep large data in a file_server file',
      );
      Object.defineProperty(attrs, k, { value: '', enumerable: true, writable: true, configurable: true });
      continue;
    }
    const dec = decodeEntities(raw);
    for (const u of dec.unknown) reportEntity(bag, at, u);
    Object.defineProperty(attrs, k, { value: dec.text, enumerable: true, writable: true, configurable: true });
  }
  const el: XmlElement = { name, attrs, attrPos, children: [], text: '', pos };
  const kids = node[name];
  if (Array.isArray(kids)) {
    for (const kid of kids as FxpNode[]) {
      if ('#text' in kid) {
        const dec = decodeEntities(String(kid['#text']));
        for (const u of dec.unknown) reportEntity(bag, pos, u);
        el.text += dec.text;
      } else if ('#cdata' in kid) {
        const parts = kid['#cdata'];
        if (Array.isArray(parts)) for (const p of parts as FxpNode[]) el.text += String(p['#text'] ?? '');
      } else {
        const child = convert(kid, text, lines, bag, depth + 1);
        if (child) el.children.push(child);
      }
    }
  }
  return el;
}

function reportEntity(bag: DiagnosticBag, at: SourcePos, name: string): void {
  bag.error(at, `unknown entity &${name};`, 'only &lt; &gt; &amp; &quot; &apos; and &#N; are defined; write a literal & as &amp;');
}
