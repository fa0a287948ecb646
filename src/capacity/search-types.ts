/** Plain data the capacity search reads and returns (search.ts). */

export interface SearchOptions {
  /** A level known (or believed) to pass; the search fails fast when it does not. */
  start: number;
  /** Relative width at which bisection stops: 0.05 = the bounds are within 5%. */
  resolution: number;
  /** Factor of the exponential phase (2 = doubling). */
  growth: number;
  /** Hold the found level once more; 0 = no confirmation. */
  confirmSeconds: number;
  /** How many failed confirmations the search absorbs before it gives up. */
  maxConfirmations: number;
  /** Hard cap on levels run, so a search always ends. */
  maxLevels: number;
  /** Never try above this level; reaching it passing ends the search (`max-level`). */
  maxLevel?: number;
  /** Levels are whole numbers (users); otherwise rounded to 0.001. */
  integer?: boolean;
  /**
   * Holds per expand or bisect level (default 1). A level passes only when every one of
   * its holds passes; the first failing hold fails it. The start and the confirmation
   * are held once.
   */
  trials?: number;
}

export interface SearchStep {
  level: number;
  /** start: the known-good level; expand: exponential phase; bisect; confirm: the final hold. */
  kind: 'start' | 'expand' | 'bisect' | 'confirm';
  /** With `trials` > 1 on an expand or bisect level: which hold of the level this is (1-based). */
  trial?: { n: number; of: number };
}

export type LevelOutcome =
  | { kind: 'pass' }
  | { kind: 'fail'; gate: string }
  /** xload itself saturated: nothing about the server can be said at this level. */
  | { kind: 'generator-limited'; detail: string };

export interface SearchResult {
  /**
   * found: bounds within resolution and the highest pass confirmed; start-failed: the
   * start level failed; generator-limited: xload saturated before the server did;
   * max-level / level-budget: the search hit its cap; unconfirmed: confirmation failed
   * too often; interrupted: Ctrl-C.
   */
  verdict: 'found' | 'start-failed' | 'generator-limited' | 'max-level' | 'level-budget' | 'unconfirmed' | 'interrupted';
  highestPass: number | null;
  lowestFail: number | null;
  /** The gate that failed at the lowest failing level. */
  failGate: string | null;
  /** The first gate that failed in the whole search. */
  firstBrokenGate: string | null;
  generatorLimitedAt: number | null;
  levels: number;
}
