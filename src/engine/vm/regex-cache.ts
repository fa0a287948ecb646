/**
 * Compiled regexps of the plan's patterns (`<match>`, `<expect body>`), by source: a
 * pattern is compiled once per worker, not once per stanza. Bounded: a plan has few
 * patterns, so past 1000 something substitutes variables into them and the cache restarts.
 */
const cache = new Map<string, RegExp>();

export function regexFor(source: string): RegExp {
  let re = cache.get(source);
  if (!re) {
    re = new RegExp(source);
    if (cache.size > 1000) cache.clear();
    cache.set(source, re);
  }
  return re;
}
