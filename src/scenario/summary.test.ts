import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from './index.js';
import { renderPlanSummary } from './summary.js';
import { compile, planOf } from '../../test/unit/scenario/minimal.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/scenarios');

describe('renderPlanSummary', () => {
  it('shows phases, sessions with probabilities, request counts with for-loops expanded, users and servers', () => {
    const text = renderPlanSummary(planOf(compileScenario(join(FIXTURES, 'muc-nested.xml'))));
    expect(text).toContain('servers   127.0.0.1:5222 tcp');
    expect(text).toContain('phase 1  2 h at 20 users/s (~144000 users)');
    expect(text).toContain('users     user<1..5000> @ localhost, password ***<id>');
    expect(text).toMatch(/70%\s+talkers: 146 request\(s\) \(bidi\)/);
    expect(text).toMatch(/30%\s+lurkers: 6 request\(s\) \(bidi\)/);
    expect(text).toMatch(/muc:chat 100\s+muc:join 21\s+muc:exit 20/);
    expect(text).toMatch(/connect 4\s+auth_sasl 2/);
    expect(text.split('\n').length).toBeLessThan(25);
  });

  it('shows static users, caps and timeouts', () => {
    const text = renderPlanSummary(
      planOf(
        compile({
          load: '<arrivalphase phase="1" duration="90" unit="second"><users arrivalrate="10" unit="second" maxnumber="5"/></arrivalphase><user session="s" start_time="2" unit="minute"/>',
          options: '<option name="connect_timeout" value="1500"/>',
        }),
      ),
    );
    expect(text).toContain('phase 1  90 s at 10 users/s (~5 users, at most 5)');
    expect(text).toContain('static   session s at 2 min');
    expect(text).toContain('timeouts  connect 1500 ms, idle 10 min, global ack none, retries 3');
  });
});
