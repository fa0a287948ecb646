import { REDACTED } from './redact.js';
import type { ExpectSpec, Op, Plan } from './plan.js';
import { describeExpect } from './compile-expect.js';
import { NO_TIMEOUT_MS } from './plan.js';
import { monitorSummaryLines } from './monitoring-summary.js';

/** What each dumptraffic mode writes (src/engine/shard/traffic-buffer.ts); `false` writes nothing. */
const DUMP_LINES: Partial<Record<Plan['tsung']['dumptraffic'], string>> = {
  true: 'every stanza in and out',
  light: 'every stanza in and out, cut at 100 characters',
  protocol: 'one line per request (type, outcome, latency)',
  protocol_local: 'one line per request (type, outcome, latency)',
};

/**
 * A one-screen text summary of a plan (what `xload check` prints): phases, sessions,
 * request counts per type, users and servers. Pure: returns the text.
 */
export function renderPlanSummary(plan: Plan): string {
  const out: string[] = [];
  const o = plan.options;
  const j = o.jabber;
  out.push(`scenario  ${plan.scenario} (plan v${plan.version}, loglevel ${plan.tsung.loglevel})`);
  out.push(
    `clients   ${plan.clients.map((c) => `${c.host}${c.agentPort ? `:${c.agentPort}` : ''} (${[c.maxUsersExplicit ? `at most ${c.maxUsers} users at once` : 'no user cap', c.weight !== 1 ? `weight ${c.weight}` : '', c.ips.length ? `ips ${c.ips.join(' ')}` : ''].filter(Boolean).join(', ')})`).join(', ')}`,
  );
  out.push(
    `servers   ${plan.servers.map((s) => `${s.host}:${s.port} ${s.type}${s.weight !== 1 ? ` weight ${s.weight}` : ''}`).join(', ')}`,
  );
  const total = plan.load.phases.reduce((a, p) => a + p.durationMs, 0);
  out.push(
    `load      ${plan.load.phases.length} phase(s), ${dur(total)}${plan.load.loop ? `, looped ${plan.load.loop} more time(s)` : ''}${plan.load.durationMs ? `, stops after ${dur(plan.load.durationMs)}` : ''}`,
  );
  for (const p of plan.load.phases) {
    const expected = Math.round((p.arrivalRate * p.durationMs) / 1000);
    const cap = p.maxNumber !== undefined ? `, at most ${p.maxNumber}` : '';
    out.push(
      `  phase ${p.phase}  ${dur(p.durationMs)} at ${num(p.arrivalRate)} users/s (~${Math.min(expected, p.maxNumber ?? Infinity)} users${cap})${p.waitAllSessionsEnd ? ', waits for sessions to end' : ''}`,
    );
  }
  // Thousands of static users (`xload story` writes one per run) would bury the rest.
  const statics = plan.load.staticUsers;
  for (const u of statics.slice(0, STATIC_SHOWN)) out.push(`  static   session ${u.session} at ${dur(u.startMs)}`);
  if (statics.length > STATIC_SHOWN) {
    const lastMs = statics.reduce((m, u) => Math.max(m, u.startMs), 0);
    out.push(`  static   ... ${statics.length - STATIC_SHOWN} more, the last at ${dur(lastMs)} (${statics.length} in all)`);
  }
  const ids = j.userIdMax > 0 ? `${j.username}<1..${j.userIdMax}>` : 'from file_server';
  out.push(
    `users     ${ids} @ ${j.domain}, password ${REDACTED}<id>${j.randomFromFileId ? `, random/offline from "${j.randomFromFileId}"` : ''}`,
  );
  out.push(`          muc ${j.mucService}, pubsub ${j.pubsubService}, global_number ${j.globalNumber}`);
  out.push(
    `timeouts  connect ${ms(o.connectTimeoutMs)}, idle ${ms(o.idleTimeoutMs ?? NO_TIMEOUT_MS)}, global ack ${ms(o.globalAckTimeoutMs)}, retries ${o.maxRetries}`,
  );
  const dump = DUMP_LINES[plan.tsung.dumptraffic];
  if (dump) out.push(`traffic   dumptraffic="${plan.tsung.dumptraffic}": ${dump}, to traffic.log in the run folder (passwords redacted)`);
  if (o.fileServers.length) out.push(`files     ${o.fileServers.map((f) => `${f.id}=${f.path}`).join(', ')}`);
  out.push(...monitorSummaryLines(plan.monitors ?? []));
  out.push(`sessions  ${plan.sessions.length}`);
  const byType = new Map<string, number>();
  for (const s of plan.sessions) {
    const counts = new Map<string, number>();
    countRequests(s.ops, 1, counts);
    let n = 0;
    for (const [t, c] of counts) {
      n += c;
      byType.set(t, (byType.get(t) ?? 0) + c);
    }
    const flags = [s.bidi ? 'bidi' : '', s.persistent ? '' : 'not persistent'].filter(Boolean).join(', ');
    out.push(`  ${pct(s.probability).padStart(6)}  ${s.name}: ${n} request(s)${flags ? ` (${flags})` : ''}`);
  }
  for (const s of plan.runOnce ?? []) {
    const counts = new Map<string, number>();
    countRequests(s.ops, 1, counts);
    const n = [...counts.values()].reduce((x, c) => x + c, 0);
    out.push(`    once  ${s.name}: ${n} request(s), one user, before the load (run_once)`);
  }
  out.push('requests  one run of each session, for-loops expanded (repeat and if bodies counted once):');
  const sorted = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (let i = 0; i < sorted.length; i += 3) {
    out.push(
      `  ${sorted
        .slice(i, i + 3)
        .map(([t, c]) => `${t} ${c}`.padEnd(28))
        .join('')
        .trimEnd()}`,
    );
  }
  const checks = [...plan.sessions, ...(plan.runOnce ?? [])].flatMap((x) => expectsIn(x.ops));
  if (checks.length) {
    out.push(`checks    ${checks.length} <expect> check(s):`);
    for (const c of checks)
      out.push(`  ${c.name} (line ${c.pos.line}): ${describeExpect(c).replace(/^no /, '')} within ${ms(c.timeoutMs)}, on_fail ${c.onFail}`);
  }
  return `${out.join('\n')}\n`;
}

const STATIC_SHOWN = 10;

function expectsIn(ops: readonly Op[]): ExpectSpec[] {
  return ops.flatMap((op) => (op.kind === 'request' ? (op.expects ?? []) : 'ops' in op ? expectsIn(op.ops) : []));
}

function countRequests(ops: readonly Op[], times: number, into: Map<string, number>): void {
  for (const op of ops) {
    if (op.kind === 'request') into.set(op.jabber.type, (into.get(op.jabber.type) ?? 0) + times);
    // A story step is one request-like step here; what it sends is the module's business.
    else if (op.kind === 'story') into.set(`story:${op.name}`, (into.get(`story:${op.name}`) ?? 0) + times);
    else if (op.kind === 'for') {
      const turns =
        typeof op.from === 'number' && typeof op.to === 'number' && op.incr !== 0
          ? Math.max(0, Math.floor((op.to - op.from) / op.incr) + 1)
          : 1;
      countRequests(op.ops, times * turns, into);
    } else if ('ops' in op) countRequests(op.ops, times, into);
  }
}

function dur(msValue: number): string {
  if (msValue % 3_600_000 === 0 && msValue > 0) return `${msValue / 3_600_000} h`;
  if (msValue % 60_000 === 0 && msValue > 0) return `${msValue / 60_000} min`;
  if (msValue % 1000 === 0) return `${msValue / 1000} s`;
  return `${msValue} ms`;
}

function ms(v: number): string {
  return v >= NO_TIMEOUT_MS ? 'none' : dur(v);
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 3 : 2).replace(/0+$/, '');
}

function pct(p: number): string {
  return `${num(Math.round(p * 100) / 100)}%`;
}
