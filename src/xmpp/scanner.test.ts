import { describe, expect, it } from 'vitest';
import type { XmlFramingError } from './errors.js';
import { ElementScanner } from './scanner.js';

function scanner(): { out: string[]; s: ElementScanner } {
  const out: string[] = [];
  const s = new ElementScanner(
    {
      onElement: (f) => out.push(`${f.name} ${JSON.stringify(f.attrs)} ${f.raw}`),
      onUnmatchedEnd: (name) => out.push(`end ${name}`),
      onError: (err: XmlFramingError) => out.push(`error ${err.code}`),
    },
    4096,
  );
  return { out, s };
}

describe('ElementScanner', () => {
  it('keeps each scanner’s unfinished element apart while others scan (shared name stack)', () => {
    const a = scanner();
    const b = scanner();
    a.s.push(`<message id='1'><body>hi <b>x`);
    b.s.push(`<iq type='get'><query><item/></query></iq><presence/>`);
    a.s.push(`</b></body></message>`);
    b.s.push(`<x><y>`);
    a.s.push(`<r/>`);
    b.s.push(`</y></x>`);
    expect(a.out).toEqual([`message {"id":"1"} <message id='1'><body>hi <b>x</b></body></message>`, 'r {} <r/>']);
    expect(b.out).toEqual([
      `iq {"type":"get"} <iq type='get'><query><item/></query></iq>`,
      'presence {} <presence/>',
      'x {} <x><y></y></x>',
    ]);
  });

  it('still catches a mismatched end tag of a parked element', () => {
    const a = scanner();
    const b = scanner();
    a.s.push(`<message><body>`);
    b.s.push(`<iq><query></query></iq>`);
    a.s.push(`</query></message>`);
    expect(a.out).toEqual(['error xml_malformed']);
    expect(b.out).toHaveLength(1);
  });
});
