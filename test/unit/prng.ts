/**
 * Seeded randomness for property tests (mulberry32): every case is replayable from the seed
 * printed on failure. Stands in for fast-check, which is not a dependency yet.
 */
export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** `text` cut into random chunks (1..maxLen chars), as TCP reads arrive. */
export function chunks(r: Rng, text: string, maxLen: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    const n = int(r, 1, maxLen);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}
