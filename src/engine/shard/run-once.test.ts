import { describe, expect, it } from 'vitest';
import type { SessionSpec } from '../../scenario/plan.js';
import type { ShardInterval } from '../../stats/interval-forms.js';
import { RunOnceSequence, type RunOnceResult, type RunOnceShard } from './run-once.js';

const session = (name: string): SessionSpec => ({
  name,
  probability: 0,
  type: 'ts_jabber',
  bidi: false,
  persistent: true,
  ops: [],
  pos: { line: 1, col: 1 },
});
const snap = (errors: Record<string, number> = {}): ShardInterval => ({
  intervalStart: 0,
  intervalMs: 1,
  metrics: {},
  counters: {},
  errors,
  errorsFirstSeen: {},
  gauges: {},
});

/** A shard whose users end as `outcomes` says (per session: errors, and whether its user failed), synchronously or later. */
class FakeShard implements RunOnceShard {
  started: string[] = [];
  results: RunOnceResult[] = [];
  flushed = 0;
  seq: RunOnceSequence | null = null;
  private pending: Outcome = { errors: {}, failed: false };
  constructor(
    private readonly outcomes: Record<string, Outcome>,
    private readonly sync = true,
  ) {}
  startRunOnce(s: SessionSpec): void {
    this.started.push(s.name);
    this.pending = this.outcomes[s.name] ?? { errors: {}, failed: false };
    if (this.sync) this.seq!.userGone();
  }
  flushStats(): ShardInterval {
    this.flushed++;
    return {
      ...snap(this.pending.errors),
      counters: this.pending.failed ? { run_once_started: 1, run_once_failed: 1 } : { run_once_started: 1, run_once_finished: 1 },
    };
  }
  reportSetup(r: RunOnceResult): void {
    this.results.push(r);
  }
}

interface Outcome {
  errors: Record<string, number>;
  failed: boolean;
}

function run(names: string[], outcomes: Record<string, Outcome> = {}, sync = true): FakeShard {
  const shard = new FakeShard(outcomes, sync);
  shard.seq = new RunOnceSequence(names.map(session), shard);
  shard.seq.begin();
  return shard;
}

describe('RunOnceSequence', () => {
  it('runs the sessions one after the other, flushes stats after each, and reports success once', () => {
    const shard = run(['a', 'b', 'c']);
    expect(shard.started).toEqual(['a', 'b', 'c']);
    expect(shard.flushed).toBe(3);
    expect(shard.results).toEqual([{}]);
  });

  it('stops at the first session whose user failed, naming it and its errors', () => {
    const shard = run(['a', 'b', 'c'], { b: { errors: { 'stanza_error.conflict': 1 }, failed: true } });
    expect(shard.started).toEqual(['a', 'b']);
    expect(shard.results).toEqual([{ failed: { session: 'b', errors: { 'stanza_error.conflict': 1 } } }]);
  });

  it('goes on after errors of no_ack requests (the user went on too), and reports them', () => {
    const shard = run(['a', 'b'], {
      a: { errors: { 'stanza_error.item-not-found': 1 }, failed: false },
      b: { errors: { 'stanza_error.item-not-found': 2 }, failed: false },
    });
    expect(shard.started).toEqual(['a', 'b']);
    expect(shard.results).toEqual([{ tolerated: { 'stanza_error.item-not-found': 3 } }]);
  });

  it('waits for each user to be gone before the next starts; cancel() ends it silently', () => {
    const shard = run(['a', 'b'], {}, false);
    expect(shard.started).toEqual(['a']);
    shard.seq!.userGone();
    expect(shard.started).toEqual(['a', 'b']);
    shard.seq!.cancel();
    shard.seq!.userGone();
    expect(shard.results).toEqual([]);
  });

  it('with no sessions, reports success at once', () => {
    expect(run([]).results).toEqual([{}]);
  });
});
