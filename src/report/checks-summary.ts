import { CHECK_FAIL_PREFIX, CHECK_PASS_PREFIX } from '../stats/metric-names.js';

/** One check's counts (or all of them): `rate` is pass / (pass + fail), null when none was decided. */
export interface CheckCounts {
  pass: number;
  fail: number;
  rate: number | null;
}

/**
 * summary.json `checks` (issue 16, additive to /3): the `<expect>` checks of the run, all
 * together and per name. Present when the run decided at least one check.
 */
export interface ChecksSummary extends CheckCounts {
  names: Record<string, CheckCounts>;
}

/** Whether a counter is a check's (kept in `checks`, not in `counters`). */
export function isCheckCounter(name: string): boolean {
  return name.startsWith(CHECK_PASS_PREFIX) || name.startsWith(CHECK_FAIL_PREFIX);
}

/** Gathers the `check_pass.<name>` / `check_fail.<name>` counters, names sorted. */
export function checksSummary(counters: Readonly<Record<string, number>>): ChecksSummary | undefined {
  const by = new Map<string, { pass: number; fail: number }>();
  for (const [k, v] of Object.entries(counters)) {
    const pass = k.startsWith(CHECK_PASS_PREFIX);
    if (!pass && !k.startsWith(CHECK_FAIL_PREFIX)) continue;
    const name = k.slice((pass ? CHECK_PASS_PREFIX : CHECK_FAIL_PREFIX).length);
    let c = by.get(name);
    if (!c) by.set(name, (c = { pass: 0, fail: 0 }));
    if (pass) c.pass += v;
    else c.fail += v;
  }
  if (by.size === 0) return undefined;
  let pass = 0;
  let fail = 0;
  const entries: [string, CheckCounts][] = [];
  for (const name of [...by.keys()].sort()) {
    const c = by.get(name)!;
    entries.push([name, counts(c.pass, c.fail)]);
    pass += c.pass;
    fail += c.fail;
  }
  // fromEntries makes own properties of every name, `__proto__` included.
  return { ...counts(pass, fail), names: Object.fromEntries(entries) };
}

function counts(pass: number, fail: number): CheckCounts {
  const n = pass + fail;
  return { pass, fail, rate: n > 0 ? Math.round((pass / n) * 1e6) / 1e6 : null };
}
