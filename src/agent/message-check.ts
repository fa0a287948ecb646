import { PROTOCOL_VERSION, type NodeInit, type ToShard } from '../engine/protocol.js';
import { PLAN_VERSION } from '../scenario/plan.js';
import type { ToAgent } from './service.js';

/** Why a coordinator's message cannot be used, with a stable code; sent back as `refused`. */
export interface MessageProblem {
  code: 'agent_version' | 'agent_protocol';
  message: string;
}

/** What the agent's deserializer hands on when the bytes are not JSON (it never throws). */
export interface UndecodableMessage {
  type: '__undecodable';
  reason: string;
}

/** What the deserializer hands on for JSON `null`, which a Node stream cannot carry. */
export interface NullMessage {
  type: '__null';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks one message from a coordinator before the agent acts on it: the agent trusts the
 * token holder's intent, not its bytes (another xload version, a bug, a fuzzer). For
 * init-node and monitor the versions are read first, so a foreign version is named as such and the rest
 * of a message whose shape may differ is never read. Returns the message typed, or why not.
 */
export function checkMessage(m: unknown): { ok: ToAgent } | { problem: MessageProblem } {
  const bad = (message: string) => ({ problem: { code: 'agent_protocol' as const, message } });
  if (!isObj(m)) return bad(`a message is not an object (${m === null ? 'null' : Array.isArray(m) ? 'an array' : typeof m})`);
  if (m.type === '__null') return bad('a message is not an object (null)');
  if (m.type === '__undecodable') return bad(`a message is not JSON (${String(m.reason)})`);
  switch (m.type) {
    case 'init-node':
      return checkInit(m);
    case 'start':
      return isNum(m.startAt) ? { ok: m as ToShard } : bad('start: startAt is not a number');
    case 'stop':
      return (m.mode === 'graceful' || m.mode === 'abort') && isStr(m.reason)
        ? { ok: m as ToShard }
        : bad('stop: mode must be graceful or abort, with a reason');
    case 'relay':
      return Array.isArray(m.online) && m.online.every(isInt) && isInt(m.remoteArrivals)
        ? { ok: m as ToShard }
        : bad('relay: online must be whole numbers, remoteArrivals a whole number');
    case 'ping':
      return isNum(m.t0) ? { ok: m as ToShard } : bad('ping: t0 is not a number');
    case 'setup':
      return isInt(m.shard) ? { ok: m as ToShard } : bad('setup: shard is not a whole number');
    case 'clock':
      return isNum(m.offsetMs) ? { ok: m as ToShard } : bad('clock: offsetMs is not a number');
    case 'monitor':
      // The version first: another version's request may be shaped otherwise (issue 14).
      if (m.protocol !== PROTOCOL_VERSION)
        return {
          problem: {
            code: 'agent_version',
            message: `monitor request in protocol ${String(m.protocol).slice(0, 20)}; this agent speaks protocol ${PROTOCOL_VERSION}`,
          },
        };
      return isInt(m.seq) ? { ok: m as unknown as ToAgent } : bad('monitor: seq is not a whole number');
    default:
      return bad(`unknown message type ${JSON.stringify(m.type)?.slice(0, 40) ?? 'undefined'}`);
  }
}

function checkInit(m: Obj): { ok: ToShard } | { problem: MessageProblem } {
  const plan = isObj(m.plan) ? m.plan : undefined;
  if (m.protocol !== PROTOCOL_VERSION || plan?.version !== PLAN_VERSION) {
    return {
      problem: {
        code: 'agent_version',
        message: `coordinator xload ${isStr(m.xloadVersion) ? m.xloadVersion.slice(0, 40) : '?'} sends protocol ${String(m.protocol).slice(0, 20)} / plan ${String(plan?.version).slice(0, 20)}; this agent speaks protocol ${PROTOCOL_VERSION} / plan ${PLAN_VERSION}`,
      },
    };
  }
  const wrong = initProblem(m, plan);
  return wrong ? { problem: { code: 'agent_protocol', message: `init-node: ${wrong}` } } : { ok: m as unknown as NodeInit };
}

function initProblem(m: Obj, plan: Obj): string | undefined {
  const node = m.node;
  const shards = m.shards;
  if (!isObj(node) || !isInt(node.index) || !isStr(node.name)) return 'node must be { index, name }';
  if (
    !isObj(shards) ||
    !isInt(shards.first) ||
    !isInt(shards.count) ||
    !isInt(shards.total) ||
    shards.count < 1 ||
    shards.count > 1024 ||
    shards.first < 0 ||
    shards.first + shards.count > shards.total
  ) {
    return 'shards must be whole numbers with 1 <= count <= 1024 and first + count <= total';
  }
  for (const k of ['segment', 'ids', 'seq'] as const) if (!isObj(m[k])) return `${k} is missing`;
  for (const k of ['clockOffsetMs', 'intervalMs', 'requestTimeoutMs', 'seed'] as const) if (!isNum(m[k])) return `${k} is not a number`;
  if (m.durationMs !== undefined && !isNum(m.durationMs)) return 'durationMs is not a number';
  if (!isStr(m.runId) || !/^[\w.:-]{1,200}$/.test(m.runId)) return 'runId is not a run id';
  if (!Array.isArray(plan.servers) || !plan.servers.every((s) => isObj(s) && isStr(s.host) && isInt(s.port)))
    return 'plan.servers must be { host, port } entries';
  if (!Array.isArray(plan.clients) || !plan.clients.every((c) => isObj(c) && Array.isArray(c.ips)))
    return 'plan.clients must be client entries';
  if (!Array.isArray(plan.sessions) || !isObj(plan.load) || !isObj(plan.options)) return 'plan lacks sessions, load or options';
  const files = (plan.options as Obj).fileServers;
  if (!Array.isArray(files) || !files.every((f) => isObj(f) && isStr(f.id) && isStr(f.path)))
    return 'plan.options.fileServers must be { id, path } entries';
  return undefined;
}
