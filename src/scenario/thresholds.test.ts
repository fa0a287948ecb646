import { describe, expect, it } from 'vitest';
import { compileScenarioText } from './index.js';
import { formatDiagnostic } from './diagnostics.js';

const scenario = (thresholds: string) => `<?xml version="1.0"?>
<tsung>
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="127.0.0.1" port="5222" type="tcp"/></servers>
  <load><arrivalphase phase="1" duration="1" unit="second"><users arrivalrate="1" unit="second"/></arrivalphase></load>
  <sessions><session name="s" probability="100" type="ts_jabber"><request><jabber type="connect" ack="no_ack"/></request></session></sessions>
${thresholds}
</tsung>`;

describe('<thresholds> (xload extension)', () => {
  it('compiles each threshold with its position and abort_on_fail', () => {
    const r = compileScenarioText(
      scenario(`  <thresholds>
    <threshold expr="p99(xmpp_msg_latency) &lt; 200ms"/>
    <threshold expr=" rate(errors) lt 0.1% " abort_on_fail="true"/>
  </thresholds>`),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.thresholds).toEqual([
      { expr: 'p99(xmpp_msg_latency) < 200ms', abortOnFail: false, pos: { line: 8, col: 5 } },
      { expr: 'rate(errors) lt 0.1%', abortOnFail: true, pos: { line: 9, col: 5 } },
    ]);
  });

  it('a scenario without them compiles to an empty list', () => {
    const r = compileScenarioText(scenario(''));
    expect(r.ok && r.plan.thresholds).toEqual([]);
  });

  it('reports an expression that does not parse as an error at its line and column', () => {
    const r = compileScenarioText(
      scenario(`  <thresholds>
    <threshold expr="p99(xmpp_msg_latency) &lt; 5%"/>
    <threshold expr="xmpp_msg_latency lt 1s"/>
    <threshold abort_on_fail="maybe" expr="messages.lost == 0"/>
    <threshold/>
  </thresholds>`),
      { file: 'chat.xml' },
    );
    expect(r.ok).toBe(false);
    const lines = r.diagnostics.map(formatDiagnostic);
    // Column 50 is the "%": the value starts at 22, and `<` is written as `&lt;` (4 columns).
    expect(lines).toContain(
      'chat.xml:8:50: threshold "p99(xmpp_msg_latency) < 5%": a latency limit cannot be in %; write it in ms, s or us, e.g. 200ms',
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          'chat.xml:9:22: threshold "xmpp_msg_latency lt 1s": unknown value xmpp_msg_latency; a latency metric needs a statistic',
        ),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('chat.xml:10:16: abort_on_fail="maybe" on <threshold> is not valid'))).toBe(true);
    expect(lines.some((l) => l.startsWith('chat.xml:11:5: <threshold> lacks the required attribute expr'))).toBe(true);
  });
});
