import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../scenario/index.js';
import { compile, planOf } from '../../../test/unit/scenario/minimal.js';
import { defaultWorkers } from './worker-count.js';

const BENCH = resolve(import.meta.dirname, '../../../bench/scenarios');

function bench(name: string) {
  const r = compileScenario(resolve(BENCH, name));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.plan;
}

/** `users` arriving at `rate`/s, each sending `chats` chats `think` s apart. */
function chatPlan(rate: number, seconds: number, chats: number, think: number) {
  return planOf(
    compile({
      load: `<arrivalphase phase="1" duration="${seconds}" unit="second"><users arrivalrate="${rate}" unit="second"/></arrivalphase>`,
      body: `<request><jabber type="connect" ack="no_ack"/></request>
<for from="1" to="${chats}" incr="1" var="i"><request><jabber type="chat" ack="no_ack" size="10" destination="online"/></request><thinktime value="${think}"/></for>`,
    }),
  );
}

describe('the default worker count', () => {
  it("is one for the bench's idle and chat runs (a fraction of a core of stanza work)", () => {
    const idle = defaultWorkers(bench('idle.xml'), 2);
    const chat = defaultWorkers(bench('chat.xml'), 2);
    expect(idle.workers).toBe(1);
    expect(chat.workers).toBe(1);
    // The chat bench: ~1,000 users at once, ~1 stanza/s each, both ways, plus 50 logins/s.
    expect(chat.stanzasPerSecond).toBeGreaterThan(1_000);
    expect(chat.stanzasPerSecond).toBeLessThan(3_500);
  });

  it('is none (the main thread) for a small run: 300 idle users, a short chat', () => {
    const idle300 = compileScenario(resolve(BENCH, 'idle.xml'));
    if (!idle300.ok) throw new Error('idle.xml');
    const plan = {
      ...idle300.plan,
      load: { ...idle300.plan.load, phases: idle300.plan.load.phases.map((p) => ({ ...p, maxNumber: 300 })) },
    };
    expect(defaultWorkers(plan, 2).workers).toBe(0);
    expect(defaultWorkers(chatPlan(1, 10, 3, 1), 64).workers).toBe(0);
    // Past 1,000 users, or past 2,000 stanzas/s, a worker.
    expect(defaultWorkers(chatPlan(20, 60, 3, 1), 2).workers).toBe(1);
  });

  it('grows with the stanza work, up to the cores', () => {
    // 100/s for 100 s, each user chatting 100 times a second apart: ~10,000 users at 1/s.
    const busy = chatPlan(100, 100, 100, 1);
    expect(defaultWorkers(busy, 2).workers).toBe(2);
    expect(defaultWorkers(busy, 8).workers).toBe(6);
    expect(defaultWorkers(busy, 1).workers).toBe(1);
  });
});
