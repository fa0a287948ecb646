// Reads what each generator says about its own run, in one shape, so bench/vs-tsung can
// refuse to print a figure from a run with errors.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * xload: summary.json (schema xload.summary/1 or /2).
 * @returns {{ ok: boolean, problems: string[], users: number, finished: number, errors: Record<string, number>, stanzas: number, bytes: number, latency?: object }}
 */
export function xloadStats(outDir) {
  const f = join(outDir, 'summary.json');
  if (!existsSync(f)) return { ok: false, problems: [`no ${f}`], users: 0, finished: 0, errors: {}, stanzas: 0, bytes: 0 };
  const s = JSON.parse(readFileSync(f, 'utf8'));
  const c = s.counters ?? {};
  const problems = [];
  if (s.status !== 'completed') problems.push(`xload status ${s.status}`);
  const errors = { ...(s.errors ?? {}) };
  if (s.users.failed > 0) problems.push(`${s.users.failed} users failed`);
  for (const [k, v] of Object.entries(errors)) if (v > 0) problems.push(`${k}: ${v}`);
  return {
    ok: problems.length === 0,
    problems,
    errors,
    users: s.users.started,
    finished: s.users.finished,
    stanzas: (c.stanzas_sent ?? 0) + (c.stanzas_received ?? 0),
    bytes: (c.bytes_sent ?? 0) + (c.bytes_received ?? 0),
    messages: s.messages?.sent ?? 0,
    // Lost = sent to a user who was online when picked but gone when it arrived (stored
    // offline by the server): a fact about the scenario's timing, reported, not an error.
    lost: s.messages?.lost ?? 0,
    latency: s.metrics?.xmpp_msg_latency,
    // The workers' own GC pauses (xload_gc_pause): how often the young generation filled.
    gc: s.metrics?.xload_gc_pause,
  };
}

/**
 * Tsung: the last cumulative value of each counter in tsung.log (`stats: NAME ...` lines;
 * counters end with the running total, samples have 7 fields whose last is the count).
 */
export function tsungStats(logRoot) {
  const runs = existsSync(logRoot)
    ? readdirSync(logRoot)
        .filter((d) => /^\d{8}-\d{4}/.test(d))
        .sort()
    : [];
  const dir = runs.length ? join(logRoot, runs[runs.length - 1]) : null;
  const f = dir && join(dir, 'tsung.log');
  if (!f || !existsSync(f))
    return { ok: false, problems: [`no tsung.log under ${logRoot}`], users: 0, finished: 0, errors: {}, stanzas: 0, bytes: 0 };
  const last = {};
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const m = /^stats: (\S+) (.*)$/.exec(line);
    if (!m || m[1].startsWith('{')) continue;
    const v = m[2].trim().split(/\s+/).map(Number);
    last[m[1]] = v.length === 2 ? v[1] : v[v.length - 1];
  }
  const errors = {};
  for (const [k, v] of Object.entries(last)) if (k.startsWith('error_') && v > 0) errors[k] = v;
  const users = last.users_count ?? 0;
  const finished = last.finish_users_count ?? 0;
  const problems = Object.entries(errors).map(([k, v]) => `${k}: ${v}`);
  if (users === 0) problems.push('tsung started no users');
  if (finished < users) problems.push(`${users - finished} of ${users} sessions did not finish`);
  return {
    ok: problems.length === 0,
    problems,
    errors,
    users,
    finished,
    stanzas: NaN,
    bytes: (last.size_rcv ?? 0) + (last.size_sent ?? 0),
    dir,
  };
}
