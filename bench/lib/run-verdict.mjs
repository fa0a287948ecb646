// What bench/scale and bench/scale-multi both read from an xload run folder, and the
// verdict lines they both print: the first error class to appear (stats.ndjson's
// errors_first_seen), xload's own connected-users peak, and the summary's error counts.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** { first: {cls, at, t_s, connected} | null, maxGauge, summary | null, errs: [class, n][] } */
export function readRun(runDir) {
  const ndjson = join(runDir, 'stats.ndjson');
  let first = null;
  let maxGauge = 0;
  if (existsSync(ndjson)) {
    for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
      if (!line) continue;
      const rec = JSON.parse(line);
      if (rec.type !== 'interval') continue;
      maxGauge = Math.max(maxGauge, rec.gauges?.users_connected ?? 0);
      for (const [cls, n] of Object.entries(rec.errors ?? {})) {
        const at = rec.errors_first_seen?.[cls] ?? 0;
        if (n > 0 && (!first || at < first.at)) first = { cls, at, t_s: rec.t_s, connected: rec.gauges?.users_connected ?? 0 };
      }
    }
  }
  let summary = null;
  try {
    summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
  } catch {
    /* none */
  }
  const errs = summary ? Object.entries(summary.errors ?? {}).filter(([, n]) => n > 0) : [];
  return { first, maxGauge, summary, errs };
}

/** The last lines: the first error and the counts, "no error", or FAILED (no figure from a failed run). */
export function printVerdict({ first, summary, errs }, serversAlive, exitStatus) {
  if (first) {
    console.log(
      `first error class: ${first.cls} at ${new Date(first.at).toISOString()} (t=${first.t_s} s), ${first.connected} users connected then`,
    );
    console.log(`errors: ${errs.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  } else if (summary && summary.status === 'completed' && serversAlive && exitStatus === 0) {
    console.log(`no error: ${summary.users.started} users started, ${summary.users.failed} failed`);
  } else {
    console.log(`FAILED: the run did not complete (status ${summary?.status ?? 'no summary'}, exit ${exitStatus})`);
  }
}
