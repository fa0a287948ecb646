import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from './index.js';
import { formatDiagnostic } from './diagnostics.js';
import { scenario } from '../../test/unit/scenario/minimal.js';

const dir = mkdtempSync(join(tmpdir(), 'xload-enc-'));
const WORD = 'pässwörd-ÆØÅ';
const withDecl = (encoding: string | undefined): string =>
  scenario({ options: `<option type="ts_jabber" name="passwd" value="${WORD}"/>` }).replace(
    '<?xml version="1.0"?>',
    encoding ? `<?xml version="1.0" encoding="${encoding}"?>` : '<?xml version="1.0"?>',
  );

function compileBytes(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return compileScenario(path);
}

const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

describe('scenario file encodings', () => {
  const honoured: [string, Buffer][] = [
    ['UTF-8 without declaration', Buffer.from(withDecl(undefined))],
    ['UTF-8 declared', Buffer.from(withDecl('UTF-8'))],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withDecl('utf-8'))])],
    ['ISO-8859-1 declared', Buffer.from(withDecl('ISO-8859-1'), 'latin1')],
    ['latin1 declared', Buffer.from(withDecl('latin1'), 'latin1')],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withDecl('UTF-16'), 'utf16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(withDecl('UTF-16'))])],
    ['UTF-16 LE with a BOM, no declaration', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withDecl(undefined), 'utf16le')])],
  ];
  for (const [name, bytes] of honoured) {
    it(`honours ${name}: the non-ASCII value reaches the plan intact`, () => {
      const r = compileBytes(`${name.replace(/\W+/g, '_')}.xml`, bytes);
      if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
      expect(JSON.stringify(r.plan)).toContain(WORD);
    });
  }

  const refused: [string, Buffer, RegExp][] = [
    ['Shift_JIS', Buffer.from(withDecl('Shift_JIS')), /:1:31: encoding="Shift_JIS" is not supported; save the scenario as UTF-8/],
    ['windows-1252', Buffer.from(withDecl('windows-1252'), 'latin1'), /:1:31: encoding="windows-1252" is not supported/],
    ['EBCDIC', Buffer.from(withDecl('EBCDIC-US')), /:1:31: encoding="EBCDIC-US" is not supported/],
    [
      'UTF-16 declared without a BOM (as UTF-8 bytes)',
      Buffer.from(withDecl('UTF-16')),
      /:1:31: encoding="UTF-16" is declared but the file has no UTF-16 byte-order mark/,
    ],
    [
      'UTF-16 bytes without a BOM',
      Buffer.from(withDecl('UTF-16'), 'utf16le'),
      /:1:1: the file looks like UTF-16 but has no byte-order mark/,
    ],
    [
      'Latin-1 bytes with no declaration',
      Buffer.from(withDecl(undefined), 'latin1'),
      /:7:\d+: the file is not valid UTF-8 here.*encoding="ISO-8859-1"/,
    ],
    [
      'a UTF-8 BOM contradicting the declaration',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withDecl('ISO-8859-1'))]),
      /:1:31: the file starts with a UTF-8 byte-order mark but declares encoding="ISO-8859-1"/,
    ],
  ];
  for (const [name, bytes, message] of refused) {
    it(`refuses ${name} with file:line:col`, () => {
      const r = compileBytes(`bad_${name.replace(/\W+/g, '_')}.xml`, bytes);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map(formatDiagnostic).join('\n')).toMatch(message);
    });
  }
});

describe('nesting depth', () => {
  for (const n of [66, 101, 5000, 100_000]) {
    it(`${n} nested elements: one error with the position of the first one too deep`, () => {
      const text = `<tsung>\n${'<a>'.repeat(n)}${'</a>'.repeat(n)}</tsung>`;
      const path = join(dir, `deep${n}.xml`);
      writeFileSync(path, text);
      const r = compileScenario(path);
      const deep = r.diagnostics.filter((d) => /nest deeper than 64 levels/.test(d.message));
      expect(deep).toHaveLength(1);
      expect(deep[0]).toMatchObject({ line: 2, col: 1 + 3 * 64 });
    });
  }
});
