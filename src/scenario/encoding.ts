import type { DiagnosticBag } from './diagnostics.js';
import { LineIndex } from './positions.js';

/**
 * Bytes of a scenario file as text, honouring the byte-order mark and the XML declaration's
 * encoding (XML 1.0 §4.3.3, appendix F). Tsung's files are ASCII or UTF-8, but scenarios
 * saved by Windows editors come as UTF-16 with a BOM or Latin-1 with a declaration saying
 * so; decoding those as UTF-8 would turn every accented password into U+FFFD silently.
 * Other encodings are refused with the declaration's position rather than guessed at.
 * Returns undefined after reporting.
 */
export function decodeScenarioBytes(buf: Buffer, bag: DiagnosticBag): string | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (
    body.length >= 4 &&
    ((body[0] === 0x3c && body[1] === 0 && body[2] === 0x3f) || (body[0] === 0 && body[1] === 0x3c && body[3] === 0x3f))
  ) {
    bag.error({ line: 1, col: 1 }, 'the file looks like UTF-16 but has no byte-order mark', 'save it as UTF-8, or as UTF-16 with a BOM');
    return undefined;
  }
  const declared = declaredEncoding(body);
  const name = declared?.name.toLowerCase();
  if (name === undefined || name === 'utf-8' || name === 'utf8' || name === 'us-ascii' || name === 'ascii') return utf8(body, bag);
  if (bom) {
    bag.error(
      declared!.pos,
      `the file starts with a UTF-8 byte-order mark but declares encoding="${declared!.name}"`,
      'write encoding="UTF-8", or remove the BOM',
    );
    return undefined;
  }
  // Buffer's latin1 is ISO-8859-1 itself; TextDecoder('iso-8859-1') is windows-1252 (WHATWG).
  if (LATIN1.has(name)) return body.toString('latin1');
  if (name === 'utf-16' || name === 'utf-16le' || name === 'utf-16be') {
    bag.error(
      declared!.pos,
      `encoding="${declared!.name}" is declared but the file has no UTF-16 byte-order mark`,
      'save it as UTF-16 with a BOM, or as UTF-8',
    );
    return undefined;
  }
  bag.error(
    declared!.pos,
    `encoding="${declared!.name}" is not supported`,
    'save the scenario as UTF-8 (or ISO-8859-1, UTF-16 with a BOM) and declare that',
  );
  return undefined;
}

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1', 'cp819', 'ibm819']);

/** The declaration's encoding="..." and where its value starts; the declaration is ASCII in every encoding handled here. */
function declaredEncoding(body: Buffer): { name: string; pos: { line: number; col: number } } | undefined {
  const head = body.subarray(0, 256).toString('latin1');
  const decl = /^<\?xml\s[^?]*?\?>/.exec(head);
  if (!decl) return undefined;
  const m = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(decl[0]);
  if (!m?.[2]) return undefined;
  const offset = (m.index ?? 0) + m[0].indexOf(m[1]!) + 1;
  return { name: m[2].trim(), pos: new LineIndex(head).at(offset) };
}

function utf8(body: Buffer, bag: DiagnosticBag): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
    const at = text.indexOf('\ufffd');
    bag.error(
      new LineIndex(text).at(Math.max(at, 0)),
      'the file is not valid UTF-8 here, and its XML declaration names no other encoding',
      'save it as UTF-8, or declare the encoding it is in, e.g. <?xml version="1.0" encoding="ISO-8859-1"?>',
    );
    return undefined;
  }
}
