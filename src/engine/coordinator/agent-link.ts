import * as grpc from '@grpc/grpc-js';
import type { LinkHandlers, NodeLink } from './node-link.js';
import type { FromShard, ToShard } from '../protocol.js';
import { anchoredNow } from '../shard/wall-clock.js';
import type { ClockEstimate } from './clock.js';
import { ClockSync, type ClockWatch } from './clock-sync.js';
import { AgentError } from '../../agent/errors.js';
import {
  AGENT_SERVICE_NAME,
  agentService,
  CHANNEL_OPTIONS,
  PING_EVERY_MS,
  SILENCE_LIMIT_MS,
  TOKEN_METADATA,
  type AgentHello,
  type FromAgent,
} from '../../agent/service.js';

/** How the coordinator authenticates to agents and checks their certificates. */
export interface AgentAuth {
  token: string;
  /** CA that signed the agents' certificates: TLS on when given. */
  ca?: Buffer;
  /** Client certificate and key, for agents that require mutual TLS. */
  cert?: Buffer;
  key?: Buffer;
}

const AgentClient = grpc.makeGenericClientConstructor(agentService, AGENT_SERVICE_NAME);
type Duplex = grpc.ClientDuplexStream<ToShard, FromAgent>;

/**
 * The coordinator's end of one agent: a gRPC bidi stream carrying ToShard/FromShard.
 * Pings every second double as clock probes; silence for SILENCE_LIMIT_MS, or the stream
 * failing, reports the agent lost (once).
 */
export class AgentLink implements NodeLink {
  readonly kind = 'agent' as const;
  readonly name: string;
  hello!: AgentHello;
  /** Re-estimates the agent's clock from every heartbeat and sends it updates (issue 7). */
  private readonly clockSync: ClockSync;
  private h: LinkHandlers | null = null;
  private early: FromShard[] = [];
  /** Monotonic (performance.now()): a step of the wall clock must not look like silence. */
  private lastHeard = performance.now();
  private pinger: NodeJS.Timeout | null = null;
  private closing = false;
  private lostSaid = false;
  private callOver = false;

  private constructor(
    readonly address: string,
    private readonly client: grpc.Client,
    private readonly call: Duplex,
  ) {
    this.name = address;
    this.clockSync = new ClockSync(address, (m) => this.send(m));
  }

  /** Connects, authenticates and reads the agent's hello; errors name the agent. */
  static async connect(address: string, auth: AgentAuth, timeoutMs = 5000): Promise<AgentLink> {
    const creds = auth.ca ? grpc.credentials.createSsl(auth.ca, auth.key ?? null, auth.cert ?? null) : grpc.credentials.createInsecure();
    const client = new AgentClient(address, creds, { ...CHANNEL_OPTIONS, 'grpc.keepalive_time_ms': 10_000 });
    try {
      await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
    } catch (err) {
      client.close();
      throw new AgentError(
        'agent_unreachable',
        address,
        `cannot connect within ${timeoutMs / 1000} s (${(err as Error).message}); is \`xload agent --listen ${address}\` running${auth.ca ? ' with TLS' : ' without TLS'}?`,
        { cause: err },
      );
    }
    const md = new grpc.Metadata();
    md.set(TOKEN_METADATA, auth.token);
    const call = (client as unknown as { control(md: grpc.Metadata): Duplex }).control(md);
    const link = new AgentLink(address, client, call);
    link.hello = await link.awaitHello(timeoutMs);
    link.startHeartbeat();
    return link;
  }

  listen(h: LinkHandlers): void {
    this.h = h;
    for (const m of this.early) h.message(m);
    this.early = [];
  }

  send(m: ToShard): void {
    if (!this.closing && !this.lostSaid) this.call.write(m);
    if (m.type === 'init-node') this.clockSync.started(m.clockOffsetMs);
  }

  /** Report an offset beyond --max-clock-offset mid-run (once) through `w.log`. */
  watchClock(w: ClockWatch): void {
    this.clockSync.watch(w);
  }

  /** Pings `n` times, `gapMs` apart, and returns the best clock estimate so far. */
  async probeClock(n = 8, gapMs = 25): Promise<ClockEstimate> {
    for (let i = 0; i < n; i++) {
      this.ping();
      await new Promise((r) => setTimeout(r, gapMs));
    }
    const est = this.clockSync.estimate;
    if (!est) throw new AgentError('agent_clock', this.name, 'did not answer clock probes');
    return est;
  }

  get clock(): ClockEstimate | null {
    return this.clockSync.estimate;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.pinger) clearInterval(this.pinger);
    if (!this.callOver) {
      // Half-close and wait for the agent to finish its side; never longer than 3 s.
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          this.call.cancel();
          r();
        }, 3000);
        const done = () => {
          clearTimeout(t);
          r();
        };
        this.call.once('status', done);
        this.call.once('error', done);
        this.call.end();
      });
    }
    this.client.close();
  }

  private ping(): void {
    this.send({ type: 'ping', t0: anchoredNow() });
  }

  private awaitHello(timeoutMs: number): Promise<AgentHello> {
    return new Promise<AgentHello>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.call.cancel();
        reject(new AgentError('agent_unreachable', this.name, `no hello within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.call.on('data', (m: FromAgent) => {
        this.lastHeard = performance.now();
        if (m.type === 'hello') {
          clearTimeout(timer);
          resolve(m);
        } else if (m.type === 'pong') {
          this.clockSync.add(m.t0, m.t1, anchoredNow());
        } else if (m.type === 'monitor-sample') {
          // Only a monitor-only agent sends these, and only when asked: not for a load link.
        } else if (this.h) {
          this.h.message(m);
        } else {
          this.early.push(m);
        }
      });
      this.call.on('status', () => (this.callOver = true));
      this.call.on('error', (err: grpc.ServiceError) => {
        this.callOver = true;
        clearTimeout(timer);
        const e =
          err.code === grpc.status.UNAUTHENTICATED
            ? new AgentError('agent_auth', this.name, `refused the token: ${err.details}`)
            : err.code === grpc.status.RESOURCE_EXHAUSTED
              ? new AgentError('agent_refused', this.name, err.details)
              : new AgentError('agent_unreachable', this.name, `control channel failed: ${err.details || err.message}`);
        reject(e);
        this.lost(`control channel failed: ${err.details || err.message}`);
      });
      this.call.on('end', () => this.lost('closed the control channel'));
    });
  }

  private startHeartbeat(): void {
    this.pinger = setInterval(() => {
      if (performance.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.lost(`silent for ${SILENCE_LIMIT_MS / 1000} s (no heartbeat)`);
        this.call.cancel();
        return;
      }
      this.ping();
    }, PING_EVERY_MS);
  }

  private lost(why: string): void {
    if (this.closing || this.lostSaid) return;
    this.lostSaid = true;
    if (this.pinger) clearInterval(this.pinger);
    this.h?.lost(why);
  }
}
