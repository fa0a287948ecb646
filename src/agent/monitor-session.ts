import { HostMonitor } from '../monitor/host.js';
import { reasonOf } from '../monitor/errors.js';
import type { MonitorSample } from '../monitor/types.js';
import { anchoredNow } from '../engine/shard/wall-clock.js';
import { checkMessage, type MessageProblem } from './message-check.js';
import { MONITOR_SERIES, type MonitorReply } from './monitor-protocol.js';
import type { ControlCall } from './session.js';
import type { AgentHello, FromAgent } from './service.js';

/** Reads this host once; rates (CPU %, bytes/s) span the time since its previous call. */
export type HostReader = () => Promise<MonitorSample>;

export interface MonitorSessionConfig {
  hello: AgentHello;
  log: (line: string) => void;
  /** A fresh reader per session, so each coordinator's rates span its own interval. */
  newReader?: () => HostReader;
  /** A session with no request for this long is ended (a coordinator gone without a FIN). */
  idleLimitMs?: number;
}

/** Ten minutes: longer than any sane --interval, short enough not to pile up dead streams. */
export const MONITOR_IDLE_LIMIT_MS = 10 * 60_000;

/** Why a monitor-only agent refuses load, sent with `refused` to a coordinator that tries. */
export const MONITOR_ONLY_REFUSAL =
  'this is a monitor-only agent (xload agent --monitor-only): it answers type="erlang" monitors with its host\'s CPU, memory and load and runs no load; start `xload agent` without --monitor-only on a load box';

/**
 * One coordinator's type="erlang" monitor on an `xload agent --monitor-only` (issue 14):
 * answers each `monitor` request with a reading of this host from /proc (HostMonitor, the
 * same parsers as type="host"), answers pings, and refuses anything that would start load
 * with a reason. It holds no threads or sockets of its own, so several coordinators may
 * watch one host at once.
 */
export class MonitorSession {
  private readonly read: HostReader;
  private ended = false;
  private idle: NodeJS.Timeout;
  private readonly idleLimitMs: number;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly call: ControlCall,
    private readonly cfg: MonitorSessionConfig,
    readonly peer: string,
  ) {
    this.closed = new Promise((r) => (this.markClosed = r));
    this.read = (cfg.newReader ?? hostReader)();
    this.idleLimitMs = cfg.idleLimitMs ?? MONITOR_IDLE_LIMIT_MS;
    this.idle = this.armIdle();
    // The first reading only sets the counters rates start from; its figures are not sent.
    this.read().catch(() => {});
    call.on('data', (m: unknown) => this.onData(m));
    call.on('end', () => this.end(`monitor coordinator ${peer} ended its session`));
    call.on('error', (err) => this.end(`monitor channel to ${peer} failed (${err.message})`));
    call.on('cancelled', () => this.end(`monitor coordinator ${peer} went away`));
    call.on('close', () => this.end(`monitor channel to ${peer} closed`));
    this.write(cfg.hello);
  }

  private onData(raw: unknown): void {
    const checked = checkMessage(raw);
    if ('problem' in checked) return this.refuse(checked.problem);
    const m = checked.ok;
    if (m.type === 'ping') this.write({ type: 'pong', t0: m.t0, t1: anchoredNow() });
    else if (m.type === 'monitor') {
      clearTimeout(this.idle);
      this.idle = this.armIdle();
      void this.answer(m.seq);
    } else if (m.type === 'stop') this.end(`monitor coordinator ${this.peer} stopped: ${m.reason.slice(0, 120)}`);
    else {
      const node = m.type === 'init-node' ? m.node.index : -1;
      this.cfg.log(`refused ${m.type} from ${this.peer}: monitor-only agent`);
      this.write({ type: 'refused', node, code: 'agent_monitor_only', message: MONITOR_ONLY_REFUSAL });
      this.end(`session with ${this.peer} ended after a refused ${m.type}`);
    }
  }

  private async answer(seq: number): Promise<void> {
    let reply: MonitorReply;
    try {
      reply = { type: 'monitor-sample', seq, sample: pickSeries(await this.read()) };
    } catch (err) {
      reply = { type: 'monitor-sample', seq, error: reasonOf(err) };
    }
    this.write(reply);
  }

  private refuse(problem: MessageProblem): void {
    this.cfg.log(`refused a message from ${this.peer}: ${problem.message}`);
    this.write({ type: 'refused', node: -1, code: problem.code, message: problem.message });
    this.end(`session with ${this.peer} ended after a refused message`);
  }

  private armIdle(): NodeJS.Timeout {
    const t = setTimeout(() => this.end(`monitor coordinator ${this.peer} silent for ${this.idleLimitMs / 1000} s`), this.idleLimitMs);
    t.unref();
    return t;
  }

  private write(m: FromAgent): void {
    if (!this.ended) this.call.write(m);
  }

  /** Ends the stream; idempotent. */
  end(why: string): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idle);
    this.cfg.log(why);
    try {
      this.call.end();
    } catch {
      // The stream is already gone; nothing to end.
    }
    this.markClosed();
  }
}

/** This host from /proc through the type="host" monitor's reader. */
function hostReader(): HostReader {
  const host = new HostMonitor({ type: 'host', id: 'agent', host: 'localhost', pos: { line: 0, col: 0 } });
  return () => host.sample();
}

/** The figures a monitor-only agent promises (MONITOR_SERIES), in that order. */
export function pickSeries(sample: MonitorSample): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of MONITOR_SERIES) {
    const v = sample[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}
