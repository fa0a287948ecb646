import type { RunStatus } from '../../report/summary-types.js';
import type { ToShard } from '../protocol.js';
import { COUNTER } from '../../stats/metric-names.js';

/** How long users may take to close their sessions after a graceful stop. */
export const STOP_GRACE_MS = 10_000;
/** After an abort, shards drop their users at once; this long for their last snapshot. */
export const ABORT_COLLECT_MS = 2_000;

export type StopMode = 'graceful' | 'abort';

/** What stopping needs of the coordinator. */
export interface StopHooks {
  /** False once the run is over: a late request changes nothing. */
  canStop(): boolean;
  /** Enters the `stopping` phase (once). */
  enterStopping(): void;
  send(m: ToShard): void;
  finish(): void;
}

/**
 * How a run stops and how it ended. The first reason wins; a graceful stop becomes an abort
 * after STOP_GRACE_MS or on a second request to abort; an abort never softens.
 */
export class StopPolicy {
  status: RunStatus = 'completed';
  reason: string | undefined;
  /** The run was cut short (anything stopped it): recent messages may be in flight, not lost. */
  cut = false;
  mode: 'no' | StopMode = 'no';
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly hooks: StopHooks) {}

  request(mode: StopMode, why: RunStatus, text: string): void {
    if (!this.hooks.canStop()) return;
    if (this.mode === 'abort' || (this.mode === 'graceful' && mode === 'graceful')) return;
    if (this.status === 'completed') this.status = why;
    this.reason ??= text;
    this.cut = true;
    this.mode = mode;
    this.hooks.enterStopping();
    this.hooks.send({ type: 'stop', mode, reason: text });
    if (mode === 'graceful') {
      this.timers.push(
        setTimeout(
          () => this.request('abort', why, `${text}; sessions still open after ${STOP_GRACE_MS / 1000} s were dropped`),
          STOP_GRACE_MS,
        ),
      );
    } else {
      this.timers.push(setTimeout(() => this.hooks.finish(), ABORT_COLLECT_MS));
    }
  }

  clearTimers(): void {
    this.timers.forEach(clearTimeout);
  }

  /**
   * The run's final status and reason, from its merged counters. A run where every user
   * failed failed; so did one that ran its course without starting a single user (a
   * Poisson draw of no arrivals, a `--duration` shorter than the first arrival): it
   * measured nothing, and exit 0 would tell a nightly job the server passed.
   */
  final(counters: Readonly<Record<string, number>>): { status: RunStatus; reason?: string } {
    const started = counters[COUNTER.usersStarted] ?? 0;
    const failed = counters[COUNTER.usersFailed] ?? 0;
    if (this.status === 'completed' && started === 0) {
      this.status = 'failed';
      this.reason =
        'no user started: the arrival phases produced no user before the run ended (raise the arrival rate or the phase duration, or --duration)';
    } else if (this.status === 'completed' && failed === started) {
      this.status = 'failed';
      this.reason = `every user failed (${failed} of ${started})`;
    }
    return { status: this.status, ...(this.reason ? { reason: this.reason } : {}) };
  }
}

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP: the first closes sessions gracefully, the second
 * aborts now. Before the load has started there is nothing to close: the run ends at once.
 * The reason names the signal, so a run stopped by a service manager says SIGTERM.
 */
export function interruptHandler(
  stop: StopPolicy,
  o: { log: (line: string) => void; loadStarted: () => boolean; finish: () => void },
): (signal?: string) => void {
  let interrupts = 0;
  return (signal) => {
    interrupts++;
    const what = signal && signal !== 'SIGINT' ? signal : 'Ctrl-C';
    if (interrupts === 1) {
      o.log(`stopping: users are closing their sessions (${what} again to abort now)`);
      stop.request('graceful', 'aborted', `interrupted (${what})`);
    } else {
      o.log('aborting now');
      stop.request('abort', 'aborted', `interrupted twice (${what})`);
    }
    if (!o.loadStarted()) o.finish();
  };
}
