import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from './diagnostics.js';
import { parseScenarioXml } from './parse.js';
import { compileScenario, compileScenarioText } from './index.js';

function parse(text: string) {
  const bag = new DiagnosticBag('t.xml');
  return { root: parseScenarioXml(text, bag), diags: bag.items };
}

describe('parseScenarioXml', () => {
  it('gives elements and attributes their line and column', () => {
    const { root, diags } = parse('<tsung>\n  <load   duration="1"\n        loop = "2">\n  </load>\n</tsung>');
    expect(diags).toEqual([]);
    const load = root?.children[0];
    expect(load?.pos).toEqual({ line: 2, col: 3 });
    expect(load?.attrPos.duration).toEqual({ line: 2, col: 11 });
    expect(load?.attrPos.loop).toEqual({ line: 3, col: 9 });
  });

  it('counts CRLF line ends as one', () => {
    const { root } = parse('<tsung>\r\n<load a="1"/>\r\n  <x/>\r\n</tsung>');
    expect(root?.children.map((c) => c.pos)).toEqual([
      { line: 2, col: 1 },
      { line: 3, col: 3 },
    ]);
  });

  it('decodes predefined entities and character references, in attributes and text', () => {
    const { root, diags } = parse('<tsung a="&lt;x id=&quot;1&quot;&gt; &#65;&#x42; &amp;amp;">t&apos;<![CDATA[<raw>]]></tsung>');
    expect(diags).toEqual([]);
    expect(root?.attrs.a).toBe('<x id="1"> AB &amp;');
    expect(root?.text).toBe("t'<raw>");
  });

  it('reports an unknown entity with its position', () => {
    const { diags } = parse('<tsung>\n<x a="&nbsp;"/></tsung>');
    expect(diags).toMatchObject([{ line: 2, col: 4, message: 'unknown entity &nbsp;' }]);
  });

  it('reports malformed XML once, with the line and column', () => {
    const { root, diags } = parse('<tsung>\n<load>\n</tsung>');
    expect(root).toBeUndefined();
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ line: 3, severity: 'error' });
    expect(diags[0]?.message).toMatch(/^malformed XML: /);
  });

  it('names the open tags of a truncated file, and where the innermost was opened', () => {
    const { root, diags } = parse('<tsung>\n<sessions>\n<session name="s">\n<thinktime value="1"/>\n');
    expect(root).toBeUndefined();
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ line: 5, col: 1, severity: 'error' });
    expect(diags[0]?.message).toBe('malformed XML: the file ends inside <session> (opened at 3:1), still open: <sessions>, <tsung>');
    expect(diags[0]?.hint).toMatch(/truncated .*close <\/session>, <\/sessions>, <\/tsung>$/);
  });

  it('accepts an external DTD and an empty internal subset (Tsung examples)', () => {
    const { diags } = parse('<?xml version="1.0"?>\n<!DOCTYPE tsung SYSTEM "/nonexistent/tsung-1.0.dtd" [] >\n<tsung/>');
    expect(diags).toEqual([]);
  });

  it('ignores comments', () => {
    const { root } = parse('<tsung><!-- <bogus/> --><x/></tsung>');
    expect(root?.children.map((c) => c.name)).toEqual(['x']);
  });

  it('refuses names that could pollute prototypes, with their position', () => {
    const { root, diags } = parse('<tsung>\n <x __proto__="2"/></tsung>');
    expect(root).toBeUndefined();
    expect(diags).toMatchObject([{ line: 2, col: 5 }]);
    expect(diags[0]?.message).toMatch(/__proto__/);
  });
});

describe('hostile input completes fast with a clear error', () => {
  it('refuses a billion-laughs entity bomb without expanding it', () => {
    const decls = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i++) decls.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE tsung [\n${decls.join('\n')}\n]>\n<tsung a="&lol9;"/>`;
    const t0 = performance.now();
    const r = compileScenarioText(text, { file: 'bomb.xml' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([{ line: 3, col: 1, message: 'entity declarations are not allowed in a scenario' }]);
  });

  it('refuses a 50 MB attribute by the file size cap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-big-'));
    const path = join(dir, 'big.xml');
    writeFileSync(path, `<tsung a="${'x'.repeat(50 * 1024 * 1024)}"/>`);
    const t0 = performance.now();
    const r = compileScenario(path);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.message).toMatch(/over the 16777216-byte limit/);
  });

  it('refuses a 2 MB attribute inside a small enough file', () => {
    const t0 = performance.now();
    const { diags } = parse(`<tsung>\n <x a="${'x'.repeat(2 * 1024 * 1024)}"/></tsung>`);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(diags).toMatchObject([{ line: 2, col: 2 }]);
    expect(diags[0]?.message).toMatch(/is 2097161 characters long, over the 1048576 limit/);
  });

  it('refuses a gzip bomb by the inflated size cap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-gz-'));
    const path = join(dir, 'bomb.xml.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    const r = compileScenario(path);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.message).toMatch(/inflates to over/);
  });

  it('refuses nesting deeper than the limit', () => {
    const { diags } = parse(`<tsung>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</tsung>`);
    expect(diags.some((d) => /nest deeper than 64/.test(d.message))).toBe(true);
  });
});
