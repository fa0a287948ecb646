import { describe, expect, it } from 'vitest';
import { allowsLoss, judgeLevel, type LevelFacts } from './gates.js';
import { reduceStep, type StepSample } from './window.js';

/** A 10-interval step of 1 s each: `f(i)` gives the sample's varying part. */
function step(f: (i: number) => Partial<StepSample>): StepSample[] {
  return Array.from({ length: 10 }, (_, i) => ({
    t: i + 1,
    intervalMs: 1000,
    usersActive: 10,
    inFlight: 3,
    usersStarted: 4,
    messagesSent: 20,
    loopBusyMs: 200,
    loopDelayP99Ms: 5,
    ...f(i),
  }));
}
const ok = { expr: 'p99(xmpp_msg_latency) < 200ms', ok: true, value: 12 };
const facts = (samples: StepSample[], more: Partial<LevelFacts> = {}): LevelFacts => ({
  axis: 'arrival-rate',
  level: 4,
  window: reduceStep(samples, 10, 1),
  slos: [ok],
  lost: 0,
  sloAllowsLoss: false,
  ...more,
});

describe('judgeLevel', () => {
  it.each<[string, LevelFacts, string]>([
    ['a steady level under its SLOs', facts(step(() => ({}))), 'pass'],
    ['a saturated generator', facts(step(() => ({ loopBusyMs: 950 }))), 'generator-limited'],
    ['a slow event loop', facts(step(() => ({ loopDelayP99Ms: 300 }))), 'generator-limited'],
    ['in-flight messages piling up', facts(step((i) => ({ inFlight: i * 30 }))), 'fail:steady'],
    ['users still rising', facts(step((i) => ({ usersActive: i * 10 }))), 'fail:steady'],
    [
      'a broken SLO',
      facts(
        step(() => ({})),
        { slos: [{ ...ok, ok: false, value: 400 }] },
      ),
      'fail:p99(xmpp_msg_latency) < 200ms',
    ],
    ['arrivals short of the target', facts(step(() => ({ usersStarted: 2 }))), 'fail:achieved rate'],
    ['arrivals within Poisson noise', facts(step((i) => ({ usersStarted: i < 5 ? 3 : 4 }))), 'pass'],
    [
      'a lost message',
      facts(
        step(() => ({})),
        { lost: 1 },
      ),
      'fail:no lost messages',
    ],
    [
      'a lost message an SLO allows',
      facts(
        step(() => ({})),
        { lost: 1, sloAllowsLoss: true },
      ),
      'pass',
    ],
    [
      'users axis short of users',
      facts(
        step(() => ({ usersActive: 40 })),
        { axis: 'users', level: 50 },
      ),
      'fail:achieved rate',
    ],
    [
      'message-rate reference level',
      facts(
        step(() => ({})),
        { axis: 'message-rate', level: 1 },
      ),
      'pass',
    ],
    [
      'message-rate behind',
      facts(
        step(() => ({})),
        { axis: 'message-rate', level: 2, messagesPerLevel: 20 },
      ),
      'fail:achieved rate',
    ],
    ['too short a step', { ...facts(step(() => ({}))), window: reduceStep(step(() => ({})).slice(0, 6), 10, 1) }, 'fail:steady'],
  ])('%s', (_name, f, want) => {
    const { outcome } = judgeLevel(f);
    expect(outcome.kind === 'fail' ? `fail:${outcome.gate}` : outcome.kind).toBe(want);
  });

  it('allowsLoss reads the SLOs', () => {
    expect(allowsLoss(['rate(messages.lost) < 1%'])).toBe(true);
    expect(allowsLoss(['p99(xmpp_msg_latency) < 200ms'])).toBe(false);
  });
});
