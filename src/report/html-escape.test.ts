import { describe, expect, it } from 'vitest';
import { fmt } from './html-escape.js';

describe('fmt', () => {
  it('groups integers and keeps at most 3 decimals, as toLocaleString("en-US") does', () => {
    for (const x of [0, 7, 1234, 1234567, -42000, 0.5, 1234.56789, 0.0004, 99.9999, -3.14159]) {
      const expected = Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 3 });
      expect(fmt(x)).toBe(expected);
    }
    expect(fmt(1234.5)).toBe('1,234.5');
  });

  it('writes non-finite numbers as JavaScript does', () => {
    expect(fmt(Number.NaN)).toBe('NaN');
    expect(fmt(Infinity)).toBe('Infinity');
  });
});
