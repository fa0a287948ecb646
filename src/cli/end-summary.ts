import type { Summary } from '../report/summary-types.js';
import type { ErrorSample } from '../stats/error-samples.js';
import { COUNTER, METRIC } from '../stats/metric-names.js';

/**
 * The few lines printed when a run ends. The first line says how it ended and, when it
 * failed, why (e.g. every user failed with connect_refused), so a CI log shows it first.
 */
export function renderEndSummary(s: Summary, reason?: string): string[] {
  const errs = Object.entries(s.errors).sort((a, b) => b[1] - a[1]);
  const errText = errs.length ? errs.map(([k, n]) => `${k}: ${n}`).join(', ') : 'none';
  const head =
    s.status === 'completed'
      ? `run completed in ${s.duration_s.toFixed(1)} s`
      : `run ${s.status.toUpperCase()}${reason ? `: ${reason}` : ''}${errs.length ? ` (${errText})` : ''}`;
  const lines = [head];
  const u = s.users;
  lines.push(`  users     started ${u.started}  finished ${u.finished}  failed ${u.failed}  max concurrent ${u.max_concurrent}`);
  const c = s.counters;
  if ((c[COUNTER.runOnceStarted] ?? 0) > 0) {
    lines.push(
      `  run-once  started ${c[COUNTER.runOnceStarted]}  finished ${c[COUNTER.runOnceFinished] ?? 0}  failed ${c[COUNTER.runOnceFailed] ?? 0}  (before the load, not in users)`,
    );
  }
  const refused = c[COUNTER.usersRefusedMaxusers] ?? 0;
  if (refused > 0)
    lines.push(`  WARNING: ${refused} arrival(s) refused: their node already ran its <client maxusers> users (users_refused_maxusers)`);
  const m = s.messages;
  if (m.sent > 0 || m.delivered > 0) {
    lines.push(
      `  messages  sent ${m.sent}  delivered ${m.delivered}  lost ${m.lost}  duplicated ${m.duplicated}  in flight ${m.in_flight}`,
    );
    if (m.lost > 0) lines.push(`  WARNING: ${m.lost} stamped message(s) were never delivered`);
    const offline = c[COUNTER.messagesDeliveredOffline] ?? 0;
    // Delivered, but from the server's offline store to a later session: not in xmpp_msg_latency.
    if (offline > 0)
      lines.push(`  ${offline} of the delivered came from offline storage (messages_delivered_offline, xmpp_msg_offline_latency)`);
  }
  for (const name of [METRIC.connect, METRIC.auth, METRIC.session, METRIC.msgLatency]) {
    const x = s.metrics[name];
    if (x) lines.push(`  ${name.padEnd(17)} n=${x.count}  p50 ${ms(x.p50_ms)}  p99 ${ms(x.p99_ms)}  max ${ms(x.max_ms)}`);
  }
  const k = s.checks;
  if (k) {
    // The failing checks by name: what an operator reads first when rate(checks) did not hold.
    const failing = Object.entries(k.names).filter(([, x]) => x.fail > 0);
    const which = failing.length ? `  failed: ${failing.map(([n, x]) => `${n} ${x.fail}`).join(', ')}` : '';
    lines.push(`  checks    pass ${k.pass}  fail ${k.fail}${which}`);
  }
  lines.push(`  errors    ${errText}`);
  for (const [cls] of errs) {
    const first = s.error_samples?.[cls]?.[0];
    if (first) lines.push(`    ${cls}: ${sampleLine(first)}`);
  }
  return lines;
}

/** One error sample on one line: request, file:line, user, the server's element shortened. */
export function sampleLine(x: ErrorSample): string {
  const where = x.where === null ? '' : ` at ${x.where.replace(/:\d+$/, '')}`;
  const server = x.server === null ? x.message : oneLine(x.server, 160);
  return `${x.request ?? '(no request)'}${where}, user ${x.user}: ${server}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
}
