import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToShard } from '../protocol.js';
import { ABORT_COLLECT_MS, interruptHandler, STOP_GRACE_MS, StopPolicy } from './stop-policy.js';

function policy(canStop = () => true) {
  const sent: ToShard[] = [];
  const calls = { stopping: 0, finished: 0 };
  const p = new StopPolicy({ canStop, enterStopping: () => calls.stopping++, send: (m) => sent.push(m), finish: () => calls.finished++ });
  return { p, sent, calls };
}

describe('StopPolicy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the first reason, turns a graceful stop into an abort after the grace time, then finishes', () => {
    const { p, sent, calls } = policy();
    p.request('graceful', 'aborted', 'threshold failed');
    p.request('graceful', 'completed', '--duration 5 s reached');
    expect(sent).toEqual([{ type: 'stop', mode: 'graceful', reason: 'threshold failed' }]);
    vi.advanceTimersByTime(STOP_GRACE_MS);
    expect(sent[1]).toEqual({
      type: 'stop',
      mode: 'abort',
      reason: `threshold failed; sessions still open after ${STOP_GRACE_MS / 1000} s were dropped`,
    });
    vi.advanceTimersByTime(ABORT_COLLECT_MS);
    expect({ status: p.status, reason: p.reason, cut: p.cut, calls }).toEqual({
      status: 'aborted',
      reason: 'threshold failed',
      cut: true,
      calls: { stopping: 2, finished: 1 },
    });
  });

  it('changes nothing once the run is over', () => {
    const { p, sent } = policy(() => false);
    p.request('abort', 'failed', 'late');
    expect({ sent, status: p.status, cut: p.cut }).toEqual({ sent: [], status: 'completed', cut: false });
  });

  it('fails a completed run where every user failed', () => {
    expect(policy().p.final({ users_started: 3, users_failed: 3 })).toEqual({ status: 'failed', reason: 'every user failed (3 of 3)' });
    expect(policy().p.final({ users_started: 3, users_failed: 2 })).toEqual({ status: 'completed' });
  });

  it('fails a completed run that started no user, and leaves an interrupted one as it was', () => {
    expect(policy().p.final({})).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/^no user started: /) as unknown as string,
    });
    expect(policy().p.final({ users_started: 0, users_failed: 0 }).status).toBe('failed');
    const { p } = policy();
    p.request('abort', 'aborted', 'interrupted (Ctrl-C)');
    p.clearTimers();
    expect(p.final({})).toEqual({ status: 'aborted', reason: 'interrupted (Ctrl-C)' });
  });

  it('Ctrl-C once closes sessions, twice aborts; before the load it ends the run at once', () => {
    const { p, sent } = policy();
    const lines: string[] = [];
    let finished = 0;
    const onInterrupt = interruptHandler(p, { log: (l) => lines.push(l), loadStarted: () => false, finish: () => finished++ });
    onInterrupt();
    onInterrupt();
    expect(sent.map((m) => m.type === 'stop' && m.mode)).toEqual(['graceful', 'abort']);
    expect(lines).toEqual(['stopping: users are closing their sessions (Ctrl-C again to abort now)', 'aborting now']);
    expect({ finished, status: p.status, reason: p.reason }).toEqual({ finished: 2, status: 'aborted', reason: 'interrupted (Ctrl-C)' });
  });

  it.each(['SIGTERM', 'SIGHUP'])('%s is named in the reason, not Ctrl-C', (signal) => {
    const { p } = policy();
    const lines: string[] = [];
    const onInterrupt = interruptHandler(p, { log: (l) => lines.push(l), loadStarted: () => true, finish: () => {} });
    onInterrupt(signal);
    expect(lines).toEqual([`stopping: users are closing their sessions (${signal} again to abort now)`]);
    expect(p.reason).toBe(`interrupted (${signal})`);
  });
});
