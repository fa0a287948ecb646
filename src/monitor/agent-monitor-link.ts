import type * as grpc from '@grpc/grpc-js';
import type { AgentAuth } from '../engine/coordinator/agent-link.js';
import { PROTOCOL_VERSION } from '../engine/protocol.js';
import {
  AGENT_SERVICE_NAME,
  agentService,
  CHANNEL_OPTIONS,
  TOKEN_METADATA,
  type AgentHello,
  type FromAgent,
  type ToAgent,
} from '../agent/service.js';
import { MonitorRefusedError, MonitorSampleError } from './errors.js';
import type { MonitorSample } from './types.js';

type Duplex = grpc.ClientDuplexStream<ToAgent, FromAgent>;

interface Waiting {
  resolve: (s: MonitorSample) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Who the link speaks for, in its errors: the monitor's id and label. */
export interface LinkOwner {
  id: string;
  label: string;
}

/**
 * The coordinator's end of one `xload agent --monitor-only` (issue 14): the agents' gRPC
 * Control stream, the token in its metadata, TLS as for load agents; each `read()` sends a
 * `monitor` request and waits for its `monitor-sample`. Once the stream fails the link is
 * dead (`failure` says why) and every read rejects: the owner opens a new one.
 */
export class AgentMonitorLink {
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private failed: string | undefined;

  private constructor(
    private readonly owner: LinkOwner,
    private readonly client: grpc.Client,
    private readonly call: Duplex,
    readonly hello: AgentHello,
  ) {}

  /** Why this link no longer reads, or undefined while it does. */
  get failure(): string | undefined {
    return this.failed;
  }

  /**
   * Connects, authenticates and reads the hello. Throws MonitorRefusedError when the agent
   * answers but will not serve (token, role, version), MonitorSampleError when it cannot be
   * reached in `timeoutMs`.
   */
  static async open(address: string, auth: AgentAuth, owner: LinkOwner, timeoutMs: number): Promise<AgentMonitorLink> {
    // Loaded here: gRPC costs ~4 MiB of RSS that runs without such a monitor never carry.
    const g = await import('@grpc/grpc-js');
    const Client = g.makeGenericClientConstructor(agentService, AGENT_SERVICE_NAME);
    const creds = auth.ca ? g.credentials.createSsl(auth.ca, auth.key ?? null, auth.cert ?? null) : g.credentials.createInsecure();
    const client = new Client(address, creds, { ...CHANNEL_OPTIONS, 'grpc.keepalive_time_ms': 10_000 });
    try {
      await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
    } catch (err) {
      client.close();
      throw new MonitorSampleError(
        owner.id,
        `cannot connect within ${timeoutMs / 1000} s (${(err as Error).message}); is \`xload agent --monitor-only --listen ${address}\` running${tlsHint(auth)}`,
        { cause: err },
      );
    }
    const md = new g.Metadata();
    md.set(TOKEN_METADATA, auth.token);
    const call = (client as unknown as { control(md: grpc.Metadata): Duplex }).control(md);
    let hello: AgentHello;
    try {
      hello = await awaitHello(call, owner, address, timeoutMs, g.status);
    } catch (err) {
      call.cancel();
      client.close();
      throw err;
    }
    const link = new AgentMonitorLink(owner, client, call, hello);
    const refusal = roleProblem(hello, address);
    if (refusal) {
      link.close();
      throw new MonitorRefusedError(owner.id, owner.label, refusal);
    }
    link.listen();
    return link;
  }

  /** One reading of the agent's host. Rejects with MonitorSampleError (timeout, dead link, the agent's own failure). */
  read(timeoutMs: number): Promise<MonitorSample> {
    if (this.failed !== undefined) return Promise.reject(new MonitorSampleError(this.owner.id, this.failed));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new MonitorSampleError(this.owner.id, `the agent sent no reading in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(seq, { resolve, reject, timer });
      this.call.write({ type: 'monitor', protocol: PROTOCOL_VERSION, seq });
    });
  }

  /** Ends the stream and the channel; pending reads reject. Safe to call twice. */
  close(): void {
    this.fail('closed');
    try {
      this.call.end();
    } catch {
      // Already over.
    }
    this.client.close();
  }

  private listen(): void {
    this.call.on('data', (m: FromAgent) => {
      if (m.type === 'monitor-sample') {
        const w = this.waiting.get(m.seq);
        if (!w) return;
        this.waiting.delete(m.seq);
        clearTimeout(w.timer);
        if ('sample' in m) w.resolve(m.sample);
        else w.reject(new MonitorSampleError(this.owner.id, `the agent could not read its host: ${m.error}`));
      } else if (m.type === 'refused') {
        this.fail(`the agent refused: ${m.message}`);
      }
    });
    this.call.on('error', (err: grpc.ServiceError) => this.fail(`the agent's channel failed: ${err.details || err.message}`));
    this.call.on('end', () => this.fail('the agent closed the channel'));
  }

  private fail(why: string): void {
    if (this.failed !== undefined) return;
    this.failed = why;
    for (const [, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new MonitorSampleError(this.owner.id, why));
    }
    this.waiting.clear();
  }
}

/** The end of "is the agent running ...": what this coordinator's TLS flags expect of it. */
function tlsHint(auth: AgentAuth): string {
  if (!auth.ca) return ' without TLS? (a TLS agent needs --agent-ca)';
  if (!auth.cert) return ' with TLS? (an agent started with --tls-client-ca also needs --agent-cert and --agent-key)';
  return ' with mutual TLS?';
}

/** Why a hello is not a monitor-only agent this coordinator can read, or null. */
export function roleProblem(hello: AgentHello, address: string): string | null {
  if (hello.protocol !== PROTOCOL_VERSION)
    return `${address} runs xload ${hello.xloadVersion} with protocol ${hello.protocol}, this coordinator speaks protocol ${PROTOCOL_VERSION}; install the same version on both`;
  if (hello.role !== 'monitor')
    return `${address} is a load agent (\`xload agent\` without --monitor-only); a type="erlang" monitor reads an \`xload agent --monitor-only\` on the host it watches (its own port= on <monitor>)`;
  return null;
}

function awaitHello(call: Duplex, owner: LinkOwner, address: string, timeoutMs: number, status: typeof grpc.status): Promise<AgentHello> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      call.removeListener('data', onData);
      call.removeListener('error', onError);
    };
    const timer = setTimeout(() => {
      done();
      reject(new MonitorSampleError(owner.id, `${address} sent no hello within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onData = (m: FromAgent): void => {
      if (m.type !== 'hello') return;
      done();
      resolve(m);
    };
    const onError = (err: grpc.ServiceError): void => {
      done();
      if (err.code === status.UNAUTHENTICATED)
        reject(
          new MonitorRefusedError(
            owner.id,
            owner.label,
            `${err.details}; pass --agent-token-file with the token the agent was started with`,
          ),
        );
      else if (err.code === status.RESOURCE_EXHAUSTED) reject(new MonitorRefusedError(owner.id, owner.label, err.details));
      else reject(new MonitorSampleError(owner.id, `the agent's channel failed: ${err.details || err.message}`));
    };
    // A stream error after the hello (or after giving up on it) must never be unhandled.
    call.on('error', () => {});
    call.on('data', onData);
    call.on('error', onError);
  });
}
