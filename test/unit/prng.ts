/**
 * Seeded randomness (mulberry32) for simulations that want a stream of numbers, not a
 * property to shrink (the capacity window's Poisson steps). Property tests use fast-check.
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
