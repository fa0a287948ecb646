import { createHash, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { PROTOCOL_VERSION } from '../engine/protocol.js';
import { PLAN_VERSION } from '../scenario/plan.js';
import { TargetPolicy } from './admission.js';
import { AgentError } from './errors.js';
import { AgentSession, type ControlCall } from './session.js';
import { MonitorSession } from './monitor-session.js';
import { agentService, CHANNEL_OPTIONS, TOKEN_METADATA, type AgentHello } from './service.js';

export interface AgentOptions {
  host: string;
  port: number;
  /** Shared secret every coordinator must present. */
  token: string;
  /** Serve TLS with this certificate; `clientCa` also requires client certificates (mutual TLS). */
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
  allowTargets: readonly string[];
  sourceIps: readonly string[];
  workers: number;
  /** --data-dir: the only folder a plan's file_server files (and story modules) are read from. */
  dataDir?: string;
  /** --allow-stories: plans may run `<story>` modules found under dataDir. */
  allowStories?: boolean;
  xloadVersion: string;
  log: (line: string) => void;
  /**
   * `--monitor-only` (issue 14): answer type="erlang" monitors with this host's figures and
   * refuse every load plan; several coordinators may watch at once.
   */
  monitorOnly?: boolean;
}

/** Monitor sessions one monitor-only agent serves at once: one per watching coordinator. */
export const MAX_MONITOR_SESSIONS = 32;

/**
 * `xload agent`: a gRPC server that runs one coordinator's share of a run at a time. It
 * exposes one method (Control) to holders of the token; a plan is data (no code runs from
 * it), and its targets must pass --allow-target.
 */
export class AgentServer {
  private session: AgentSession | null = null;
  private readonly monitors = new Set<MonitorSession>();
  private readonly tokenDigest: Buffer;
  private readonly policy: TargetPolicy;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    private readonly opts: AgentOptions,
  ) {
    this.tokenDigest = digest(opts.token);
    this.policy = new TargetPolicy(opts.allowTargets);
  }

  static async start(opts: AgentOptions): Promise<AgentServer> {
    if (opts.token.length < 16)
      throw new AgentError('agent_config', `${opts.host}:${opts.port}`, 'the token must be at least 16 characters');
    const server = new grpc.Server({ ...CHANNEL_OPTIONS, 'grpc.keepalive_permit_without_calls': 1 });
    const creds = opts.tls
      ? grpc.ServerCredentials.createSsl(
          opts.tls.clientCa ?? null,
          [{ cert_chain: opts.tls.cert, private_key: opts.tls.key }],
          opts.tls.clientCa !== undefined,
        )
      : grpc.ServerCredentials.createInsecure();
    const addr = opts.host.includes(':') ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(addr, creds, (err, p) => (err ? reject(err) : resolve(p))),
    );
    const agent = new AgentServer(server, port, opts);
    server.addService(agentService, { control: (call: ControlCall) => agent.onControl(call) });
    return agent;
  }

  private onControl(call: ControlCall): void {
    const peer = call.getPeer();
    const presented = call.metadata.get(TOKEN_METADATA)[0];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), this.tokenDigest)) {
      this.opts.log(`refused coordinator ${peer}: wrong or missing token`);
      call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: "wrong or missing token (see the agent's --token-file)" });
      return;
    }
    if (this.opts.monitorOnly) {
      this.openMonitor(call, peer);
      return;
    }
    if (this.session) {
      this.opts.log(`refused coordinator ${peer}: busy with ${this.session.peer}`);
      call.emit('error', { code: grpc.status.RESOURCE_EXHAUSTED, details: `busy with a run from ${this.session.peer}` });
      return;
    }
    this.opts.log(`coordinator ${peer} connected`);
    const session = new AgentSession(
      call,
      {
        policy: this.policy,
        sourceIps: this.opts.sourceIps,
        xloadVersion: this.opts.xloadVersion,
        ...(this.opts.dataDir !== undefined ? { dataDir: this.opts.dataDir } : {}),
        ...(this.opts.allowStories ? { allowStories: true } : {}),
        log: this.opts.log,
        hello: this.hello(),
      },
      peer,
    );
    this.session = session;
    void session.closed.then(() => {
      if (this.session === session) this.session = null;
    });
  }

  private openMonitor(call: ControlCall, peer: string): void {
    if (this.monitors.size >= MAX_MONITOR_SESSIONS) {
      this.opts.log(`refused coordinator ${peer}: ${MAX_MONITOR_SESSIONS} monitor sessions already`);
      call.emit('error', { code: grpc.status.RESOURCE_EXHAUSTED, details: `serving ${MAX_MONITOR_SESSIONS} monitor sessions already` });
      return;
    }
    this.opts.log(`monitor coordinator ${peer} connected`);
    const session = new MonitorSession(call, { hello: this.hello(), log: this.opts.log }, peer);
    this.monitors.add(session);
    void session.closed.then(() => this.monitors.delete(session));
  }

  private hello(): AgentHello {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      xloadVersion: this.opts.xloadVersion,
      planVersion: PLAN_VERSION,
      workers: this.opts.monitorOnly ? 0 : this.opts.workers,
      hostname: hostname(),
      role: this.opts.monitorOnly ? 'monitor' : 'load',
    };
  }

  async stop(): Promise<void> {
    for (const m of this.monitors) m.end('agent stopping');
    await this.session?.end('agent stopping: load stopped', true);
    await new Promise<void>((r) => this.server.tryShutdown(() => r()));
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
