import type * as grpc from '@grpc/grpc-js';
import { NodeHost } from '../engine/node/node-host.js';
import type { FromShard, NodeInit } from '../engine/protocol.js';
import { anchoredNow } from '../engine/shard/wall-clock.js';
import { admit, withSourceIps, type TargetPolicy } from './admission.js';
import { SILENCE_LIMIT_MS, type AgentHello, type FromAgent } from './service.js';
import { checkMessage, type MessageProblem } from './message-check.js';
import { checkPlanFiles } from './data-files.js';

/** Requests arrive unchecked (`unknown`): checkMessage types them. */
export type ControlCall = grpc.ServerDuplexStream<unknown, FromAgent>;

export interface SessionConfig {
  policy: TargetPolicy;
  sourceIps: readonly string[];
  xloadVersion: string;
  hello: AgentHello;
  /** --data-dir: the only folder the plan's files are read from; absent = none. */
  dataDir?: string;
  /** --allow-stories: `<story>` modules under dataDir may run. */
  allowStories?: boolean;
  log: (line: string) => void;
}

/**
 * One coordinator's run on this agent. The load lives exactly as long as the control
 * stream: when the stream fails, or the coordinator is silent for SILENCE_LIMIT_MS, every
 * worker thread is terminated (which closes all its sockets) well within 5 s.
 */
export class AgentSession {
  private host: NodeHost | null = null;
  /** Monotonic (performance.now()): a step of the box's wall clock must not look like silence. */
  private lastHeard = performance.now();
  private readonly watchdog: NodeJS.Timeout;
  private ended = false;
  /** The node index of the accepted init-node, for refusals sent later. */
  private nodeIndex = -1;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly call: ControlCall,
    private readonly cfg: SessionConfig,
    readonly peer: string,
  ) {
    this.closed = new Promise((r) => (this.markClosed = r));
    this.watchdog = setInterval(() => {
      if (performance.now() - this.lastHeard > SILENCE_LIMIT_MS)
        void this.end(`coordinator ${peer} silent for ${SILENCE_LIMIT_MS / 1000} s: load stopped`, true);
    }, 250);
    call.on('data', (m: unknown) => this.onData(m));
    call.on('end', () => void this.end(`coordinator ${peer} ended the run (or went away): load stopped`, false));
    call.on('error', (err) => void this.end(`control channel to ${peer} failed (${err.message}): load stopped`, true));
    call.on('cancelled', () => void this.end(`coordinator ${peer} went away: load stopped`, true));
    call.on('close', () => void this.end(`control channel to ${peer} closed: load stopped`, true));
    this.write(cfg.hello);
  }

  private onData(raw: unknown): void {
    this.lastHeard = performance.now();
    const checked = checkMessage(raw);
    if ('problem' in checked) {
      this.refuse(checked.problem);
      return;
    }
    const m = checked.ok;
    if (m.type === 'monitor') {
      this.refuse({
        code: 'agent_role',
        message:
          'this agent runs load (started without --monitor-only); a type="erlang" monitor reads an `xload agent --monitor-only` on the host it watches',
      });
      return;
    }
    try {
      if (m.type === 'init-node') {
        this.begin(m).catch((err: unknown) =>
          this.refuse({ code: 'agent_protocol', message: `init-node could not be used: ${(err as Error).message}` }),
        );
      } else if (m.type === 'ping' && !this.host) {
        this.write({ type: 'pong', t0: m.t0, t1: anchoredNow() });
      } else {
        this.host?.handle(m);
      }
    } catch (err) {
      this.refuse({ code: 'agent_protocol', message: `${m.type} could not be used: ${(err as Error).message}` });
    }
  }

  /**
   * A message the agent cannot act on: the reason goes back to the coordinator (which ends
   * the run as failed, naming it) and this session ends; the agent itself serves on.
   */
  private refuse(problem: MessageProblem | { code: string; message: string }): void {
    if (this.ended) return;
    this.cfg.log(`refused a message from ${this.peer}: ${problem.message}`);
    this.write({ type: 'refused', node: this.nodeIndex, code: problem.code, message: problem.message });
    void this.end(`session with ${this.peer} ended after a refused message: load stopped`, true);
  }

  private async begin(init: NodeInit): Promise<void> {
    if (this.host) return;
    this.nodeIndex = init.node.index;
    const plan = withSourceIps(init.plan, this.cfg.sourceIps);
    const refusal =
      (await admit(init, this.cfg.policy, this.cfg.xloadVersion, plan.clients.flatMap((c) => c.ips)[0])) ??
      checkPlanFiles(plan, this.cfg.dataDir, undefined, this.cfg.allowStories === true);
    if (this.ended) return;
    if (refusal) {
      this.cfg.log(`refused run ${init.runId} from ${this.peer}: ${refusal.message}`);
      this.write({ type: 'refused', node: init.node.index, code: refusal.code, message: refusal.message });
      return;
    }
    this.cfg.log(
      `run ${init.runId} from ${this.peer}: node ${init.node.index}, shards ${init.shards.first}..${init.shards.first + init.shards.count - 1}, clock offset ${init.clockOffsetMs.toFixed(2)} ms`,
    );
    this.host = new NodeHost({ ...init, plan }, (out: FromShard) => this.write(out));
  }

  private write(m: FromAgent): void {
    if (!this.ended) this.call.write(m);
  }

  /** Stops the load (abort = drop users now) and ends the stream; idempotent. */
  async end(why: string, abort: boolean): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.watchdog);
    this.cfg.log(why);
    const t0 = Date.now();
    await (abort ? this.host?.abort() : this.host?.close());
    if (this.host) this.cfg.log(`all load stopped in ${Date.now() - t0} ms`);
    try {
      this.call.end();
    } catch {
      // The stream is already gone; nothing to end.
    }
    this.markClosed();
  }
}
