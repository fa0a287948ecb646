import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  CHECK_FAIL_PREFIX,
  CHECK_PASS_PREFIX,
  checkCounterNames,
  COUNTER,
  GAUGE,
  METRIC,
  reconnectFailedCounter,
  requestMetric,
  saslChannelBindingCounter,
  saslLoginCounter,
  sessionCounter,
  sessionUsersCounter,
  storyCounter,
  storyLoginMetric,
  storyMetric,
  transactionMetric,
} from './metric-names.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The calls whose first argument is a metric, counter or gauge name. */
const NAMING_CALLS = new Set(['count', 'record', 'setGauge', 'observe']);
/** The records keyed by those names: `counters['x']` must be `counters[COUNTER.x]`. */
const NAMED_RECORDS = new Set(['counters', 'gauges', 'gaugesMax', 'metrics', 'histograms']);

/** Every non-test TypeScript file under `dir`, as a path relative to src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [relative(SRC, path)] : [];
  });
}

/** The keys of `{ users_started: 1 }` spelled as names (computed keys `[COUNTER.x]` are not). */
function spelledKeys(e: ts.Expression): ts.Node[] {
  if (!ts.isObjectLiteralExpression(e)) return [];
  return e.properties.filter((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)));
}

/** A string spelled in the code: a literal, a template, or either branch of a `?:` of them. */
function spellsString(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return spellsString(e.expression);
  if (ts.isConditionalExpression(e)) return spellsString(e.whenTrue) || spellsString(e.whenFalse);
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e);
}

/** The name a callee or a record is reached by: `count` of `u.host.stats.count`, `counters` of `rec.counters`. */
function nameOf(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/**
 * Where `text` spells a metric, counter or gauge name as a literal instead of taking it
 * from metric-names.ts (a call's name argument, a record's key or literal keys): `file:line: code` for each.
 */
function literalNames(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (n: ts.Node): void => {
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    found.push(`${file}:${line + 1}: ${n.getText(sf)}`);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = nameOf(n.expression);
      const first = n.arguments[0];
      if (callee !== undefined && NAMING_CALLS.has(callee) && first !== undefined && spellsString(first)) report(n);
    } else if (ts.isElementAccessExpression(n)) {
      const on = nameOf(n.expression);
      if (on !== undefined && NAMED_RECORDS.has(on) && spellsString(n.argumentExpression)) report(n);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // `snap.counters = { users_lost: n }`
      const on = nameOf(n.left);
      if (on !== undefined && NAMED_RECORDS.has(on)) spelledKeys(n.right).forEach(report);
    } else if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && NAMED_RECORDS.has(n.name.text)) {
      // `{ counters: { users_lost: n } }`
      spelledKeys(n.initializer).forEach(report);
    } else if (ts.isPropertyAccessExpression(n) && !ts.isPrivateIdentifier(n.name)) {
      // `rec.counters.users_started`: a snake_case name read as a property is a literal too.
      const on = nameOf(n.expression);
      if (on !== undefined && NAMED_RECORDS.has(on) && n.name.text.includes('_')) report(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('metric names are spelled once, in metric-names.ts', () => {
  it('no file under src/ passes a literal name to count/record/setGauge/observe or reads counters[literal]', () => {
    const offenders = sourceFiles(SRC).flatMap((f) => literalNames(`src/${f}`, readFileSync(join(SRC, f), 'utf8')));
    expect(offenders, 'name these in src/stats/metric-names.ts and import them').toEqual([]);
  });

  it('sees each kind of literal (the check itself works)', () => {
    const code = [
      "stats.count('users_started');",
      'u.host.stats.record(`request.${type}`, ms);',
      "r.setGauge(ok ? 'users_active' : 'users_connected', 1);",
      "h.observe('connect', 1);",
      "const a = rec.counters['bytes_sent'];",
      "const b = totals.gaugesMax['users_active'];",
      'const c = rec.metrics.xmpp_msg_latency;',
      'snap.gauges = { users_active: 0 };',
      "const e = { counters: { 'users_lost': 1 } };",
      // Not names spelled: these pass.
      'stats.count(COUNTER.usersStarted);',
      'stats.record(requestMetric(type), ms);',
      "gc.observe({ entryTypes: ['gc'] });",
      'const d = rec.counters[COUNTER.bytesSent];',
      'snap.gauges = { [GAUGE.usersActive]: 0 };',
      'const f = { counters: {}, gauges: g };',
      'this.counters.clear();',
    ].join('\n');
    expect(literalNames('x.ts', code).map((l) => l.split(': ')[0])).toEqual([
      'x.ts:1',
      'x.ts:2',
      'x.ts:3',
      'x.ts:4',
      'x.ts:5',
      'x.ts:6',
      'x.ts:7',
      'x.ts:8',
      'x.ts:9',
    ]);
  });

  it('keeps the contract names byte for byte', () => {
    expect(METRIC.connect).toBe('connect');
    expect(METRIC.auth).toBe('auth');
    expect(METRIC.session).toBe('session');
    expect(METRIC.msgLatency).toBe('xmpp_msg_latency');
    expect(METRIC.loopDelay).toBe('xload_loop_delay');
    expect(COUNTER.bytesSent).toBe('bytes_sent');
    expect(COUNTER.bytesReceived).toBe('bytes_received');
    expect(COUNTER.stanzasSent).toBe('stanzas_sent');
    expect(COUNTER.stanzasReceived).toBe('stanzas_received');
    expect(COUNTER.loopBusyMs).toBe('xload_loop_busy_ms');
    expect(GAUGE.usersActive).toBe('users_active');
    expect(GAUGE.usersConnected).toBe('users_connected');
  });

  it('builds the families as before', () => {
    expect(requestMetric('chat')).toBe('request.chat');
    expect(transactionMetric('login')).toBe('tr.login');
    expect(storyMetric('s')).toBe('story.s');
    expect(storyLoginMetric('s')).toBe('story_login.s');
    expect(storyCounter('failed', 's')).toBe('stories_failed.s');
    expect(checkCounterNames('c')).toEqual([`${CHECK_PASS_PREFIX}c`, `${CHECK_FAIL_PREFIX}c`, 'check.c']);
    expect(sessionCounter(false, 'interrupted')).toBe('users_interrupted');
    expect(sessionCounter(true, 'started')).toBe('run_once_started');
    expect(sessionCounter(true, 'finished')).toBe('run_once_finished');
    expect(sessionCounter(true, 'failed')).toBe('run_once_failed');
    expect(sessionCounter(true, 'interrupted')).toBe('run_once_interrupted');
    expect(sessionUsersCounter('started', 'a')).toBe('users_started.a');
    expect(sessionUsersCounter('failed', 'a')).toBe('users_failed.a');
    expect(reconnectFailedCounter('connect_refused')).toBe('reconnect_attempts_failed.connect_refused');
    expect(saslLoginCounter('SCRAM-SHA-1')).toBe('sasl_logins.SCRAM-SHA-1');
    expect(saslChannelBindingCounter('tls-exporter')).toBe('sasl_channel_binding.tls-exporter');
  });

  it('names each counter, gauge and histogram once', () => {
    const all = [...Object.values(METRIC), ...Object.values(COUNTER), ...Object.values(GAUGE)];
    expect(all.length).toBe(new Set(all).size);
  });
});
