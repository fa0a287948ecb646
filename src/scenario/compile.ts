import type { XmlElement } from './ast.js';
import { attr, childrenNamed } from './ast.js';
import { compileOptions } from './compile-options.js';
import { compileOps } from './compile-session.js';
import { compileThresholds } from './thresholds.js';
import { compileMonitors } from './monitoring.js';
import { section, sessionElements } from './context.js';
import {
  PLAN_VERSION,
  type ClientSpec,
  type LoadSpec,
  type PhaseSpec,
  type Plan,
  type ServerSpec,
  type ServerType,
  type SessionSpec,
} from './plan.js';
import { parseBool, parseInteger, parseNumber, toMs } from './values.js';
import { resolve } from 'node:path';
import type { Op } from './plan.js';

export interface CompileOptions {
  /** Absolute path recorded in the plan. */
  scenario: string;
  baseDir: string;
  servers?: ServerSpec[];
}

/** A validated tree → Plan: plain JSON data, times in ms, rates per second, Tsung's defaults filled in. */
export function compilePlan(root: XmlElement, opts: CompileOptions): Plan {
  const options = compileOptions(root, opts.baseDir);
  // xload extension: run-once sessions are kept apart, so arrivals can never pick them.
  const all = compileSessions(root, options);
  const runOnce = all.filter((s) => s.runOnce);
  const plan: Plan = {
    version: PLAN_VERSION,
    scenario: opts.scenario,
    tsung: {
      loglevel: (attr(root, 'loglevel') ?? 'notice') as Plan['tsung']['loglevel'],
      dumptraffic: (attr(root, 'dumptraffic') ?? 'false') as Plan['tsung']['dumptraffic'],
    },
    clients: compileClients(root),
    servers: opts.servers ? opts.servers.map((s) => ({ ...s })) : compileServers(root),
    load: compileLoad(root),
    options,
    sessions: all.filter((s) => !s.runOnce).map(({ runOnce: _, ...s }) => s),
    thresholds: compileThresholds(root),
  };
  const monitors = compileMonitors(root);
  if (monitors.length > 0) plan.monitors = monitors;
  if (runOnce.length > 0) plan.runOnce = runOnce.map(({ runOnce: _, ...s }) => s);
  resolveStoryFiles(plan, opts.baseDir);
  return plan;
}

function compileClients(root: XmlElement): ClientSpec[] {
  const clients = section(root, 'clients');
  return (clients ? childrenNamed(clients, 'client') : []).map((c) => {
    let host = attr(c, 'host') ?? 'localhost';
    let agentPort = parseInteger(attr(c, 'port'));
    const m = /^(.+):(\d+)$/.exec(host);
    if (m?.[1] && m[2] && !host.includes('::')) {
      host = m[1];
      agentPort ??= Number(m[2]);
    }
    const spec: ClientSpec = {
      host,
      weight: parseNumber(attr(c, 'weight')) ?? 1,
      maxUsers: parseInteger(attr(c, 'maxusers')) ?? 800,
      ...(attr(c, 'maxusers') !== undefined ? { maxUsersExplicit: true } : {}),
      useControllerVm: parseBool(attr(c, 'use_controller_vm')) ?? false,
      cpu: parseInteger(attr(c, 'cpu')) ?? 1,
      ips: childrenNamed(c, 'ip').map((ip) => attr(ip, 'value') ?? ''),
    };
    if (agentPort !== undefined) spec.agentPort = agentPort;
    return spec;
  });
}

function compileServers(root: XmlElement): ServerSpec[] {
  const servers = section(root, 'servers');
  return (servers ? childrenNamed(servers, 'server') : []).map((s) => ({
    host: attr(s, 'host') ?? '',
    port: parseInteger(attr(s, 'port')) ?? 0,
    type: (attr(s, 'type') ?? 'tcp') as ServerType,
    weight: parseNumber(attr(s, 'weight')) ?? 1,
  }));
}

function compileLoad(root: XmlElement): LoadSpec {
  const load = section(root, 'load');
  const spec: LoadSpec = { loop: parseInteger(load && attr(load, 'loop')) ?? 0, phases: [], staticUsers: [] };
  if (!load) return spec;
  const duration = parseNumber(attr(load, 'duration'));
  if (duration !== undefined && duration > 0) spec.durationMs = toMs(duration, attr(load, 'unit'));
  // ts_config_server:loop_load/1 runs phases in phase-number order, not document order.
  spec.phases = childrenNamed(load, 'arrivalphase')
    .map(compilePhase)
    .sort((a, b) => a.phase - b.phase);
  spec.staticUsers = childrenNamed(load, 'user')
    .map((u) => ({
      session: attr(u, 'session') ?? '',
      startMs: toMs(parseNumber(attr(u, 'start_time')) ?? 0, attr(u, 'unit')),
      pos: u.pos,
    }))
    .sort((a, b) => a.startMs - b.startMs);
  return spec;
}

/** ts_config:parse/2 for arrivalphase/users: intensity = rate / unit, or 1 / interarrival. */
function compilePhase(ph: XmlElement): PhaseSpec {
  const users = childrenNamed(ph, 'users')[0];
  const unitMs = toMs(1, users && attr(users, 'unit'));
  const rate = parseNumber(users && attr(users, 'arrivalrate'));
  const inter = parseNumber(users && attr(users, 'interarrival'));
  const perSecond = rate !== undefined ? (rate * 1000) / unitMs : inter !== undefined && inter > 0 ? 1000 / (inter * unitMs) : 0;
  const spec: PhaseSpec = {
    phase: parseInteger(attr(ph, 'phase')) ?? 0,
    durationMs: toMs(parseNumber(attr(ph, 'duration')) ?? 0, attr(ph, 'unit')),
    arrivalRate: perSecond,
    waitAllSessionsEnd: parseBool(attr(ph, 'wait_all_sessions_end')) ?? false,
    pos: ph.pos,
  };
  const max = parseInteger(users && attr(users, 'maxnumber'));
  if (max !== undefined) spec.maxNumber = max;
  const setups = childrenNamed(ph, 'session_setup');
  if (setups.length > 0) {
    spec.sessionSetup = normalise(
      setups.map((s) => ({
        session: attr(s, 'name') ?? '',
        value: parseNumber(attr(s, 'probability') ?? attr(s, 'weight')) ?? 0,
        isWeight: attr(s, 'weight') !== undefined,
      })),
    ).map(({ session, probability }) => ({ session, probability }));
  }
  return spec;
}

function compileSessions(root: XmlElement, options: Plan['options']): (SessionSpec & { runOnce: boolean })[] {
  const els = sessionElements(root);
  const shares = normalise(
    els.map((s) => ({
      session: attr(s, 'name') ?? '',
      value: parseNumber(attr(s, 'probability') ?? attr(s, 'weight')) ?? 0,
      isWeight: attr(s, 'weight') !== undefined,
    })),
  );
  return els.map((s, i) => ({
    name: attr(s, 'name') ?? '',
    probability: shares[i]?.probability ?? 0,
    type: 'ts_jabber',
    // ts_jabber:session_defaults/0 → persistent true, bidi false.
    bidi: parseBool(attr(s, 'bidi')) ?? false,
    persistent: parseBool(attr(s, 'persistent')) ?? true,
    ops: compileOps(s, options),
    pos: s.pos,
    runOnce: parseBool(attr(s, 'run_once')) ?? false,
  }));
}

/** Probabilities stay as written; weights become percentages of their sum. */
function normalise(items: { session: string; value: number; isWeight: boolean }[]): { session: string; probability: number }[] {
  const weights = items.some((i) => i.isWeight);
  const total = items.reduce((a, i) => a + i.value, 0);
  return items.map((i) => ({ session: i.session, probability: weights && total > 0 ? (i.value * 100) / total : i.value }));
}

/** `<story file>` paths, relative to the scenario as written, made absolute (the plan runs elsewhere). */
function resolveStoryFiles(plan: Plan, baseDir: string): void {
  const walk = (ops: Op[]): void => {
    for (const op of ops) {
      if (op.kind === 'story') op.file = resolve(baseDir, op.file);
      else if ('ops' in op) walk(op.ops);
    }
  };
  for (const s of [...plan.sessions, ...(plan.runOnce ?? [])]) walk(s.ops);
}

export { storyOps } from './story-ops.js';
