import type { ServiceDefinition } from '@grpc/grpc-js';
import type { FromShard, ToShard } from '../engine/protocol.js';
import type { NullMessage, UndecodableMessage } from './message-check.js';
import type { AgentRole, MonitorReply, MonitorRequest } from './monitor-protocol.js';

/**
 * The agent's gRPC service (HTTP/2, TLS when configured): one bidirectional stream per run,
 * coordinator -> agent ToShard (+ MonitorRequest), agent -> coordinator FromShard + AgentHello
 * (+ MonitorReply: monitor-protocol.ts). Messages are
 * the engine's own protocol as JSON bytes (the plan is JSON data already), so the agent
 * channel, IPC and worker threads carry exactly the same messages; gRPC supplies framing,
 * flow control, TLS, deadlines, status codes and metadata (the token).
 */
export const AGENT_SERVICE_NAME = 'xload.agent.v1.Agent';

/** What an agent says first on a new stream, before the coordinator sends the plan. */
export interface AgentHello {
  type: 'hello';
  protocol: number;
  xloadVersion: string;
  planVersion: number;
  /** Worker threads the agent will run its share on. */
  workers: number;
  hostname: string;
  /** 'monitor' for `xload agent --monitor-only` (issue 14); absent = 'load' (agents before the role). */
  role?: AgentRole;
}

/** Coordinator -> agent: the engine's messages, and a monitor-only agent's reading request. */
export type ToAgent = ToShard | MonitorRequest;

export type FromAgent = FromShard | AgentHello | MonitorReply;

const encode = (m: unknown): Buffer => Buffer.from(JSON.stringify(m));
const decode = <T>(b: Buffer): T => JSON.parse(b.toString('utf8')) as T;

function decodeOrRefuse(b: Buffer): unknown {
  try {
    const m = JSON.parse(b.toString('utf8')) as unknown;
    // A null would end the stream (Node streams read null as end-of-data): pass a marker instead.
    return m === null ? ({ type: '__null' } satisfies NullMessage) : m;
  } catch (err) {
    return { type: '__undecodable', reason: (err as Error).message.slice(0, 200) } satisfies UndecodableMessage;
  }
}

export const agentService = {
  control: {
    path: `/${AGENT_SERVICE_NAME}/Control`,
    requestStream: true,
    responseStream: true,
    requestSerialize: (m: ToAgent) => encode(m),
    // Never throws: bytes that are not JSON reach the session as a message it refuses with a reason.
    requestDeserialize: (b: Buffer): unknown => decodeOrRefuse(b),
    responseSerialize: (m: FromAgent) => encode(m),
    responseDeserialize: (b: Buffer) => decode<FromAgent>(b),
  },
} satisfies ServiceDefinition;

/** Metadata key carrying the shared token (compared in constant time by the agent). */
export const TOKEN_METADATA = 'x-xload-token';

/**
 * gRPC's default 4 MiB message cap is too small for a busy agent's interval snapshot
 * (every stamped receipt of the interval travels in it); both ends raise it.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
export const CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
} as const;

/** Heartbeats: the coordinator pings every second; either side gives up after 3 s of silence. */
export const PING_EVERY_MS = 1000;
export const SILENCE_LIMIT_MS = 3000;
