import { describe, expect, it } from 'vitest';
import { renderPlanSummary } from './summary.js';
import { compile, errors, planOf } from '../../test/unit/scenario/minimal.js';

const LOGIN = '<request><jabber type="connect" ack="local"/></request>';
const setup = (attrs = 'probability="0"', name = 'setup') =>
  `<session name="${name}" ${attrs} type="ts_jabber" run_once="true">\n${LOGIN}\n<request><jabber type="pubsub:create" ack="local" node="n"/></request>\n</session>`;
const load = (attrs = 'probability="100"') => `<session name="load" ${attrs} type="ts_jabber">\n${LOGIN}\n</session>`;

describe('<session run_once="true"> (xload extension)', () => {
  it('is compiled into plan.runOnce, in document order, and never into the sessions arrivals pick from', () => {
    const plan = planOf(compile({ sessions: [setup('probability="0"', 'a'), load(), setup('probability="0"', 'b')].join('\n') }));
    expect(plan.sessions.map((s) => s.name)).toEqual(['load']);
    expect(plan.sessions[0]!.probability).toBe(100);
    expect(plan.runOnce?.map((s) => s.name)).toEqual(['a', 'b']);
    expect(plan.runOnce?.[0]!.ops.map((o) => (o.kind === 'request' ? o.jabber.type : o.kind))).toEqual(['connect', 'pubsub:create']);
    // Plain data still: no helper fields leak into the plan.
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect('runOnce' in plan.sessions[0]!).toBe(false);
    expect(renderPlanSummary(plan)).toMatch(/once {2}a: 2 request\(s\), one user, before the load/);
  });

  it('leaves plans without it as they were (no runOnce field)', () => {
    expect('runOnce' in planOf(compile({}))).toBe(false);
    expect(
      'runOnce' in planOf(compile({ sessions: `${setup('probability="0"').replace(' run_once="true"', ' run_once="false"')}\n${load()}` })),
    ).toBe(false);
  });

  it('works with weights (weight="0")', () => {
    const plan = planOf(compile({ sessions: `${setup('weight="0"')}\n${load('weight="3"')}` }));
    expect(plan.sessions[0]!.probability).toBe(100);
    expect(plan.runOnce).toHaveLength(1);
  });

  it.each([
    {
      name: 'probability above 0',
      sessions: () => `${setup('probability="10"')}\n${load('probability="90"')}`,
      line: 9,
      col: 23,
      message: /run-once session "setup" has probability="10": a run-once session never takes arrivals/,
      hint: /write probability="0"/,
    },
    {
      name: 'weight above 0',
      sessions: () => `${setup('weight="1"')}\n${load('weight="1"')}`,
      line: 9,
      col: 23,
      message: /run-once session "setup" has weight="1"/,
      hint: /write weight="0"/,
    },
    {
      name: 'not a boolean',
      sessions: () => `${setup().replace('run_once="true"', 'run_once="once"')}\n${load()}`,
      line: 9,
      col: 56,
      message: /run_once="once" on <session> is not valid: expected true or false/,
      hint: /"true" or "false"/,
    },
  ])('$name: an error at FILE:LINE:COL with a hint', ({ sessions, line, col, message, hint }) => {
    const errs = errors(compile({ sessions: sessions() }));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line, col });
    expect(errs[0]!.message).toMatch(message);
    expect(errs[0]!.hint).toMatch(hint);
  });

  it('no static <user> and no <session_setup> may start it', () => {
    const r = compile({
      sessions: `${setup()}\n${load()}`,
      load:
        '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="2" unit="second"/>' +
        '<session_setup name="setup" probability="0"/><session_setup name="load" probability="100"/></arrivalphase>' +
        '<user session="setup" start_time="1" unit="second"/>',
    });
    const messages = errors(r).map((d) => `${d.line}:${d.col} ${d.message}`);
    expect(messages).toEqual([
      '6:111 <session_setup name="setup"> gives arrivals to a run-once session',
      '6:208 <user session="setup"> starts a run-once session',
    ]);
  });
});
