import { describe, expect, it } from 'vitest';
import { compile, errors, planOf, scenario, warnings } from '../../test/unit/scenario/minimal.js';
import { renderPlanSummary } from './summary.js';

/** The minimal scenario with `<monitoring>` on line 6 (after servers), one monitor per line from line 7. */
function withMonitors(...monitors: string[]): string {
  return scenario().replace('<load>', `<monitoring>\n${monitors.join('\n')}\n</monitoring>\n<load>`);
}
const MONITOR_LINE = 7;

describe('<monitoring> (issue 14)', () => {
  it("compiles Tsung 1.7's form unchanged, with Tsung's defaults", () => {
    const plan = planOf(
      compile(
        withMonitors(
          '<monitor host="db1" type="snmp"><snmp version="v2" port="1161" community="secret"><oid value=".1.3.6.1.4.1.2021.11.9.0" name="user_pct" type="sample"/></snmp></monitor>',
          '<monitor host="db2" type="snmp"/>',
          '<monitor host="db3" type="munin"><munin port="4950"/></monitor>',
          '<monitor host="db4" type="munin"/>',
          '<monitor host="app1"/>',
        ),
      ),
    );
    expect(plan.monitors).toEqual([
      {
        type: 'snmp',
        id: 'db1',
        host: 'db1',
        port: 1161,
        community: 'secret',
        version: 'v2',
        oids: [{ oid: '1.3.6.1.4.1.2021.11.9.0', name: 'user_pct', kind: 'gauge' }],
        pos: { line: MONITOR_LINE, col: 1 },
      },
      {
        type: 'snmp',
        id: 'db2',
        host: 'db2',
        port: 161,
        community: 'public',
        version: 'v1',
        oids: [],
        pos: { line: MONITOR_LINE + 1, col: 1 },
      },
      { type: 'munin', id: 'db3', host: 'db3', port: 4950, pos: { line: MONITOR_LINE + 2, col: 1 } },
      { type: 'munin', id: 'db4', host: 'db4', port: 4949, pos: { line: MONITOR_LINE + 3, col: 1 } },
      { type: 'erlang', id: 'app1', host: 'app1', port: 7911, pos: { line: MONITOR_LINE + 4, col: 1 } },
    ]);
  });

  it("compiles xload's types: process, host, prometheus, ejabberd, with ids", () => {
    const r = compile(
      withMonitors(
        '<monitor host="localhost" type="process" name="beam.smp"/>',
        '<monitor host="localhost" type="process" pid="4242" id="other"/>',
        '<monitor host="127.0.0.1" type="host"/>',
        '<monitor host="localhost" type="prometheus" id="prosody" url="http://127.0.0.1:5290/metrics" metrics="a_total, b c"/>',
        '<monitor host="localhost" type="ejabberd" id="ej" url="http://127.0.0.1:5280/api/"/>',
      ),
    );
    expect(warnings(r)).toEqual([]);
    expect(planOf(r).monitors?.map(({ pos: _, ...m }) => m)).toEqual([
      { type: 'process', id: 'beam.smp', host: 'localhost', name: 'beam.smp' },
      { type: 'process', id: 'other', host: 'localhost', pid: 4242 },
      { type: 'host', id: '127.0.0.1', host: '127.0.0.1' },
      { type: 'prometheus', id: 'prosody', host: 'localhost', url: 'http://127.0.0.1:5290/metrics', metrics: ['a_total', 'b', 'c'] },
      { type: 'ejabberd', id: 'ej', host: 'localhost', url: 'http://127.0.0.1:5280/api' },
    ]);
  });

  it('type="erlang" dials the monitor-only agent\'s default port 7911 unless port= says otherwise', () => {
    const r = compile(withMonitors('<monitor host="db1" type="erlang" port="7912"/>'));
    expect(planOf(r).monitors?.[0]).toMatchObject({ type: 'erlang', id: 'db1', host: 'db1', port: 7912 });
    // munin's port is on its <munin> child, as Tsung writes it.
    const bad = compile(withMonitors('<monitor host="db2" type="munin" port="4949"/>'));
    expect(errors(bad).map((d) => d.message)).toEqual(['attribute port on a type="munin" monitor has no effect']);
  });

  it('a plan without <monitoring> has no monitors field', () => {
    expect(planOf(compile(scenario())).monitors).toBeUndefined();
  });

  it('reports every problem with its line and column', () => {
    const r = compile(
      withMonitors(
        '<monitor host="localhost" type="process"/>',
        '<monitor host="db9" type="host"/>',
        '<monitor host="localhost" type="prometheus" id="p" url="ftp://x/metrics"/>',
        '<monitor host="localhost" type="snmp" name="x"><munin/></monitor>',
        '<monitor host="localhost" type="munin"/>',
        '<monitor host="h" type="snmp"><snmp><oid value="1.3" name="x" eval="fun(X) -> X end."/></snmp></monitor>',
        '<monitor host="h2" batch="true"/>',
        '<monitor host="h3" type="nagios"/>',
      ),
    );
    expect(errors(r).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      `${MONITOR_LINE}:1 a type="process" monitor needs exactly one of name= or pid=`,
      `${MONITOR_LINE + 1}:10 a type="host" monitor reads this machine's /proc, not db9's`,
      `${MONITOR_LINE + 2}:1 a type="prometheus" monitor needs the metric names to keep`,
      `${MONITOR_LINE + 2}:52 url="ftp://x/metrics" is not an http:// or https:// URL`,
      `${MONITOR_LINE + 3}:39 attribute name on a type="snmp" monitor has no effect`,
      `${MONITOR_LINE + 3}:48 <munin> inside a type="snmp" monitor`,
      `${MONITOR_LINE + 4}:1 a second monitor named "localhost" (the first is at line ${MONITOR_LINE + 3})`,
      `${MONITOR_LINE + 5}:63 attribute eval on <oid> is not supported by xload`,
      `${MONITOR_LINE + 6}:20 attribute batch on <monitor> is not supported by xload`,
      `${MONITOR_LINE + 7}:20 type="nagios" on <monitor> is not valid: not one of the allowed values`,
    ]);
  });

  it('xload check says what each monitor reads; erlang goes through an xload agent --monitor-only', () => {
    const text = renderPlanSummary(
      planOf(
        compile(
          withMonitors(
            '<monitor host="db1" type="erlang"/>',
            '<monitor host="db1" type="munin" id="db1-munin"/>',
            '<monitor host="localhost" type="process" name="beam.smp"/>',
          ),
        ),
      ),
    );
    expect(text).toContain('monitors  3\n');
    expect(text).toMatch(/ {2}db1: erlang .*`xload agent --monitor-only` running on db1, gRPC db1:7911 with the run's --agent-token-file/);
    expect(text).not.toContain('not built yet');
    expect(text).toContain('  db1-munin: munin-node tcp db1:4949: fetch cpu, memory, load');
    expect(text).toContain('  beam.smp: process named beam.smp (all matches summed) from /proc');
  });
});
