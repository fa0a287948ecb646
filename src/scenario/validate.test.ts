import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostics.js';
import { compile, errors, scenario, warnings, type Parts } from '../../test/unit/scenario/minimal.js';

interface Case {
  name: string;
  parts: Parts;
  line: number;
  col?: number;
  message: RegExp;
  hint?: RegExp;
}

const S = (body: string, attrs = 'name="s" probability="100" type="ts_jabber"'): string => `<session ${attrs}>${body}</session>`;

/** One row per error class of issue 2; each must be reported with its position and a hint. */
const cases: Case[] = [
  // Unknown element or attribute.
  {
    name: 'unknown element',
    parts: { body: '<sleep value="1"/>' },
    line: 10,
    col: 1,
    message: /unknown element <sleep> inside <session>/,
    hint: /write one of: request/,
  },
  { name: 'misplaced element', parts: { options: '<request/>' }, line: 7, col: 10, message: /<request> is not allowed inside <options>/ },
  {
    name: 'unknown attribute with suggestion',
    parts: { body: '<request><jabber type="chat" ack="no_ack" destinaton="online"/></request>' },
    line: 10,
    col: 43,
    message: /unknown attribute destinaton on <jabber>/,
    hint: /did you mean destination\?/,
  },
  // Wrong values.
  {
    name: 'ack="maybe"',
    parts: { body: '<request><jabber type="chat" ack="maybe"/></request>' },
    line: 10,
    col: 30,
    message: /ack="maybe" on <jabber> is not valid/,
    hint: /write one of: no_ack, local, global, parse, bidi_ack/,
  },
  {
    name: 'arrivalrate="-1"',
    parts: { load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="-1" unit="second"/></arrivalphase>' },
    line: 6,
    col: 65,
    message: /arrivalrate="-1" on <users> is not valid: expected a number greater than 0/,
  },
  {
    name: 'unit="fortnight"',
    parts: { load: '<arrivalphase phase="1" duration="1" unit="fortnight"><users arrivalrate="1" unit="second"/></arrivalphase>' },
    line: 6,
    col: 44,
    message: /unit="fortnight" on <arrivalphase> is not valid/,
    hint: /write one of: hour, minute, second, millisecond/,
  },
  {
    name: 'port out of range',
    parts: { servers: '<server host="h" port="70000" type="tcp"/>' },
    line: 5,
    col: 27,
    message: /port="70000" on <server> is not valid: expected a whole number from 1 to 65535/,
  },
  {
    name: 'bad boolean',
    parts: {
      sessions: S(`<request><jabber type="connect" ack="no_ack"/></request>`, 'name="s" probability="100" type="ts_jabber" bidi="yes"'),
    },
    line: 9,
    col: 54,
    message: /bidi="yes" on <session> is not valid: expected true or false/,
  },
  {
    name: 'unknown jabber type',
    parts: { body: '<request><jabber type="presense:initial" ack="no_ack"/></request>' },
    line: 10,
    col: 18,
    message: /unknown jabber type="presense:initial"/,
    hint: /did you mean "presence:initial"\?/,
  },
  // Missing required attribute.
  {
    name: 'missing ack',
    parts: { body: '<request><jabber type="chat"/></request>' },
    line: 10,
    col: 10,
    message: /<jabber> lacks the required attribute ack/,
    hint: /write <jabber ack="no_ack" \.\.\.>/,
  },
  {
    name: 'missing session name',
    parts: { sessions: S(`<request><jabber type="connect" ack="no_ack"/></request>`, 'probability="100" type="ts_jabber"') },
    line: 9,
    col: 1,
    message: /<session> lacks the required attribute name/,
  },
  {
    name: 'muc:join without nick',
    parts: { body: '<request><jabber type="muc:join" ack="no_ack" room="r"/></request>' },
    line: 10,
    col: 10,
    message: /<jabber type="muc:join"> needs nick="\.\.\."/,
  },
  // Never-set variable.
  {
    name: 'undefined %%_var%%',
    parts: { body: '<request subst="true"><jabber type="muc:chat" ack="no_ack" room="room%%_room%%"/></request>' },
    line: 10,
    col: 60,
    message: /%%_room%% \(attribute room\) is never set in session "s"/,
    hint: /setdynvars/,
  },
  // file_server path.
  {
    name: 'file_server path missing',
    parts: { options: '<option name="file_server" id="users" value="/nonexistent/users.csv"/>' },
    line: 7,
    col: 48,
    message: /file_server "users": \/nonexistent\/users.csv does not exist/,
    hint: /--file-server users=PATH/,
  },
  // Out-of-scope session types.
  {
    name: 'HTTP session',
    parts: { sessions: S('<request><http url="/"/></request>', 'name="h" probability="100" type="ts_http"') },
    line: 9,
    col: 37,
    message: /session type="ts_http" is out of scope/,
  },
  {
    name: 'LDAP session',
    parts: { sessions: S('<request><ldap type="bind"/></request>', 'name="l" probability="100" type="ts_ldap"') },
    line: 9,
    col: 37,
    message: /type="ts_ldap" is out of scope/,
  },
  {
    name: 'pgsql session',
    parts: { sessions: S('<request><pgsql type="connect"/></request>', 'name="p" probability="100" type="ts_pgsql"') },
    line: 9,
    col: 37,
    message: /type="ts_pgsql" is out of scope/,
  },
  // Popularity and references.
  {
    name: 'probabilities not 100',
    parts: { sessions: `${S('', 'name="a" probability="50" type="ts_jabber"')}\n${S('', 'name="b" probability="49" type="ts_jabber"')}` },
    line: 8,
    col: 1,
    message: /session probabilities sum to 99, not 100/,
  },
  {
    name: 'probability and weight mixed',
    parts: { sessions: `${S('', 'name="a" probability="50" type="ts_jabber"')}\n${S('', 'name="b" weight="1" type="ts_jabber"')}` },
    line: 10,
    col: 1,
    message: /sessions mix probability and weight/,
  },
  {
    name: 'static user of unknown session',
    parts: { load: '<user session="nope" start_time="1" unit="second"/>' },
    line: 6,
    col: 13,
    message: /<user session="nope">: no session has that name/,
  },
  {
    name: 'both arrivalrate and interarrival',
    parts: {
      load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" interarrival="1" unit="second"/></arrivalphase>',
    },
    line: 6,
    col: 58,
    message: /<users> has both arrivalrate and interarrival/,
  },
  {
    name: 'duplicate phase',
    parts: {
      load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" unit="second"/></arrivalphase><arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" unit="second"/></arrivalphase>',
    },
    line: 6,
    col: 125,
    message: /phase 1 is defined twice/,
  },
  {
    name: 'jabber option without type',
    parts: { options: '<option name="domain" value="localhost"/>' },
    line: 7,
    col: 10,
    message: /option domain is a ts_jabber option but lacks type="ts_jabber"/,
    hint: /<option type="ts_jabber" name="domain"/,
  },
  {
    name: 'unknown option',
    parts: { options: '<option name="conect_timeout" value="1"/>' },
    line: 7,
    col: 18,
    message: /unknown option name="conect_timeout"/,
    hint: /did you mean "connect_timeout"\?/,
  },
  {
    name: 'fileid of nowhere',
    parts: { body: '<setdynvars sourcetype="file" fileid="users" order="iter"><var name="u"/></setdynvars>' },
    line: 10,
    col: 31,
    message: /no file_server has id "users"/,
  },
  {
    name: 'Erlang setdynvars',
    parts: { body: '<setdynvars sourcetype="erlang" callback="m:f"><var name="u"/></setdynvars>' },
    line: 10,
    col: 13,
    message: /sourcetype="erlang" runs Erlang code/,
  },
  {
    name: 'invalid regexp',
    parts: { body: '<request><match do="abort" when="match">(unclosed</match><jabber type="connect" ack="local"/></request>' },
    line: 10,
    col: 10,
    message: /<match>: invalid regular expression/,
  },
  {
    name: 'repeat without while/until',
    parts: { body: '<repeat name="r" max_repeat="3"><request><jabber type="connect" ack="no_ack"/></request></repeat>' },
    line: 10,
    col: 1,
    message: /<repeat> must end with <while> or <until>/,
  },
  {
    name: 'if without comparison',
    parts: { body: '<setdynvars sourcetype="value" value="1"><var name="x"/></setdynvars><if var="x"><abort/></if>' },
    line: 10,
    col: 70,
    message: /<if> needs exactly one of eq, neq, gt, gte, lt, lte/,
  },
  {
    name: 'bad thinktime',
    parts: { body: '<thinktime value="soon"/>' },
    line: 10,
    col: 12,
    message: /<thinktime value="soon"> is not a number of seconds/,
  },
  {
    name: 'mechanism on a non-SASL request',
    parts: { body: '<request><jabber type="connect" ack="local" mechanism="PLAIN"/></request>' },
    line: 10,
    col: 45,
    message: /mechanism applies to type="auth_sasl" only/,
  },
];

describe('validation reports each error class with FILE:LINE:COL and a hint', () => {
  it.each(cases)('$name', ({ parts, line, col, message, hint }) => {
    const r = compile(parts);
    expect(r.ok).toBe(false);
    const found = errors(r).find((d) => message.test(d.message));
    expect(found, `no error matching ${message}; got:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`).toBeDefined();
    expect(found?.line).toBe(line);
    if (col !== undefined) expect(found?.col).toBe(col);
    if (hint) expect(found?.hint).toMatch(hint);
    else expect(found?.hint).not.toBe('');
  });
});

describe('several errors in one file', () => {
  it('reports all of them, in file order, each on one line', () => {
    const r = compile({
      servers: '<server host="h" port="x" type="tcp"/>',
      load: '<arrivalphase phase="1" duration="1" unit="fortnight"><users arrivalrate="-1" unit="second"/></arrivalphase>',
      body: '<request><jabber type="chat" ack="maybe"/></request>\n<thinktime value="soon"/>',
    });
    const lines = errors(r).map((d) => d.line);
    expect(lines).toEqual([5, 6, 6, 10, 11]);
    for (const d of r.diagnostics) expect(formatDiagnostic(d)).toMatch(/^test\.xml:\d+:\d+: [^\n]+; [^\n]+$/);
  });
});

describe('warnings do not fail the check', () => {
  it('warns about ignored Tsung features and literal %%_var%% without subst', () => {
    const r = compile({
      tsungAttrs: 'backend="json"',
      options: '<option name="tcp_rcv_buffer" value="1"/>',
      body: '<setdynvars sourcetype="value" value="x"><var name="n"/></setdynvars><request><jabber type="muc:join" ack="no_ack" room="r" nick="%%_n%%"/></request>',
    });
    expect(r.ok).toBe(true);
    expect(warnings(r).map((d) => d.message)).toEqual([
      expect.stringMatching(/attribute backend on <tsung> is ignored/),
      expect.stringMatching(/option tcp_rcv_buffer is ignored/),
      expect.stringMatching(/holds %%_n%% but the request has no subst="true"/),
    ]);
  });

  it('compiles <monitoring> (issue 14; src/scenario/monitoring.test.ts has the rest)', () => {
    const text = scenario().replace(
      '<load>',
      '<monitoring><monitor host="x" type="snmp"><snmp version="v2"/></monitor></monitoring>\n<load>',
    );
    const r = compile(text);
    expect(r.ok).toBe(true);
    expect(warnings(r)).toEqual([]);
    expect(r.ok && r.plan.monitors).toMatchObject([{ type: 'snmp', id: 'x', host: 'x', port: 161, community: 'public', version: 'v2' }]);
  });
});

describe('variables', () => {
  it('accepts variables set by setdynvars, dyn_variable, for, foreach, repeat and built-ins', () => {
    const body = [
      '<setdynvars sourcetype="random_string" length="5"><var name="nick"/></setdynvars>',
      '<request><dyn_variable name="sid" re="id=\'([^\']+)\'"/><jabber type="connect" ack="local"/></request>',
      '<request subst="true"><jabber type="auth_set_digest" ack="local"/></request>',
      '<for from="1" to="3" var="i"><request subst="true"><jabber type="muc:join" ack="no_ack" room="r%%_i%%" nick="%%_nick%%%%_tsung_userid%%"/></request></for>',
      '<repeat name="loop" max_repeat="2"><thinktime value="1"/><until var="loop" eq="2"/></repeat>',
    ].join('');
    expect(errors(compile({ body }))).toEqual([]);
  });

  it('says which variable is near when one is misspelled', () => {
    const body =
      '<setdynvars sourcetype="random_number" start="1" end="9"><var name="room"/></setdynvars><request subst="true"><jabber type="muc:chat" ack="no_ack" room="%%_rooom%%"/></request>';
    expect(errors(compile({ body }))).toMatchObject([
      { message: '%%_rooom%% (attribute room) is never set in session "s"', hint: 'did you mean %%_room%%?' },
    ]);
  });

  it('requires the sid dynvar for auth_set_digest, as ts_jabber reads it', () => {
    expect(errors(compile({ body: '<request subst="true"><jabber type="auth_set_digest" ack="local"/></request>' }))).toMatchObject([
      { message: expect.stringMatching(/%%_sid%% \(read by type="auth_set_digest"\) is never set/) },
    ]);
  });

  it('refuses %%module:function%% calls', () => {
    expect(
      errors(compile({ body: '<request subst="true"><jabber type="raw" ack="no_ack" data="%%ts_user:name%%"/></request>' })),
    ).toMatchObject([{ message: '%%ts_user:name%% calls Erlang code, which xload cannot run' }]);
  });
});

describe('structure', () => {
  it('requires the DTD sections', () => {
    const r = compile('<tsung>\n<options/>\n</tsung>');
    expect(errors(r).map((d) => d.message)).toEqual([
      '<tsung> lacks <clients>',
      '<tsung> lacks <servers>',
      '<tsung> lacks <load>',
      '<tsung> lacks <sessions>',
    ]);
  });

  it('accepts <information> silently', () => {
    const text = scenario().replace(
      '<clients>',
      '<information><name>n</name><description>d</description><username>u</username><organisation>o</organisation></information>\n<clients>',
    );
    expect(compile(text).diagnostics).toEqual([]);
  });

  it('refuses a root other than <tsung>', () => {
    expect(errors(compile('<scenario/>'))).toMatchObject([{ line: 1, col: 1, message: 'the root element is <scenario>' }]);
  });

  it('reports a session of another protocol once, not once per request', () => {
    const r = compile({
      sessions: S('<request><http url="/"/></request><request><http url="/"/></request>', 'name="h" probability="100" type="ts_http"'),
    });
    expect(errors(r)).toHaveLength(1);
  });
});
