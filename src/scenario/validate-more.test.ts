import { describe, expect, it } from 'vitest';
import { compile, errors, warnings, type Parts } from '../../test/unit/scenario/minimal.js';

/** Rarer rules, one row each: the message is enough to tell them apart. */
const rows: [string, Parts, RegExp][] = [
  [
    'iprange is not supported',
    { clients: '<client host="localhost"><iprange value="10.0.0.1-9"/></client>' },
    /<iprange> is not supported by xload/,
  ],
  ['batch clients are not supported', { clients: '<client type="batch" batch="torque"/>' }, /attribute batch on <client> is not supported/],
  [
    'a second <servers>',
    { servers: '<server host="a" port="1" type="tcp"/></servers><servers><server host="b" port="2" type="tcp"/>' },
    /a second <servers> section/,
  ],
  [
    'arrivalphase without users',
    { load: '<arrivalphase phase="1" duration="1" unit="minute"></arrivalphase>' },
    /<arrivalphase> lacks <users>/,
  ],
  [
    'session_setup of an unknown session',
    {
      load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" unit="second"/><session_setup name="x" probability="100"/></arrivalphase>',
    },
    /<session_setup name="x">: no session has that name/,
  ],
  [
    'session_setup not summing to 100',
    {
      load: '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" unit="second"/><session_setup name="s" probability="60"/></arrivalphase>',
    },
    /session_setup probabilities in phase 1 sum to 60/,
  ],
  [
    'two sessions with one name',
    { sessions: '<session name="s" probability="50" type="ts_jabber"/>\n<session name="s" probability="50" type="ts_jabber"/>' },
    /a second session named "s"/,
  ],
  ['session without popularity', { sessions: '<session name="s" type="ts_jabber"/>' }, /has neither probability nor weight/],
  ['all weights zero', { sessions: '<session name="s" weight="0" type="ts_jabber"/>' }, /every session weight is 0/],
  [
    'generic option typed ts_jabber',
    { options: '<option type="ts_jabber" name="seed" value="1"/>' },
    /option seed is not a ts_jabber option/,
  ],
  ['bad infinity option', { options: '<option name="idle_timeout" value="forever"/>' }, /not a whole number of milliseconds or "infinity"/],
  ['bad websocket frame', { options: '<option name="websocket_frame" value="json"/>' }, /not a WebSocket frame type/],
  ['relative websocket path', { options: '<option name="websocket_path" value="ws"/>' }, /not an absolute URL path/],
  [
    'fileid option to nowhere',
    { options: '<option type="ts_jabber" name="random_from_fileid" value="u"/>' },
    /option random_from_fileid: no file_server has id "u"/,
  ],
  ['thinktime option range reversed', { options: '<option name="thinktime" min="5" max="1"/>' }, /option thinktime: min and max/],
  ['bad ports_range', { options: '<option name="ports_range" min="2000" max="1000"/>' }, /ports_range: min and max must be ports/],
  [
    'two file_servers with one id',
    { options: '<option name="file_server" value="/etc/hostname"/><option name="file_server" value="/etc/hostname"/>' },
    /a second file_server with id "default"/,
  ],
  ['thinktime with value and range', { body: '<thinktime value="1" min="1" max="2"/>' }, /<thinktime> has both value and min\/max/],
  ['thinktime range reversed', { body: '<thinktime min="3" max="2"/>' }, /min and max must both be set, with 0 < min < max/],
  ['setdynvars without var', { body: '<setdynvars sourcetype="random_string" length="3"/>' }, /<setdynvars> sets no variable/],
  [
    'random_number start above end',
    { body: '<setdynvars sourcetype="random_number" start="9" end="1"><var name="n"/></setdynvars>' },
    /random_number start=9 is above end=1/,
  ],
  [
    'jsonpath setdynvars',
    { body: '<setdynvars sourcetype="jsonpath" jsonpath="$.a" from="x"><var name="n"/></setdynvars>' },
    /sourcetype="jsonpath" is not supported/,
  ],
  [
    'while outside repeat',
    { body: '<setdynvars sourcetype="value" value="1"><var name="x"/></setdynvars><while var="x" eq="1"/>' },
    /<while> is not allowed inside <session>/,
  ],
  [
    'until not last',
    { body: '<repeat name="r"><until var="r" eq="1"/><thinktime value="1"/></repeat>' },
    /<until> must be the last element of a <repeat>/,
  ],
  [
    'if with two comparisons',
    { body: '<setdynvars sourcetype="value" value="1"><var name="x"/></setdynvars><if var="x" eq="1" neq="2"><abort/></if>' },
    /needs exactly one of .* \(has eq, neq\)/,
  ],
  [
    'foreach include and exclude',
    {
      body: '<setdynvars sourcetype="value" value="1"><var name="l"/></setdynvars><foreach name="i" in="l" include="a" exclude="b"><abort/></foreach>',
    },
    /<foreach> has both include and exclude/,
  ],
  [
    'foreach bad regexp',
    {
      body: '<setdynvars sourcetype="value" value="1"><var name="l"/></setdynvars><foreach name="i" in="l" include="(?i)a"><abort/></foreach>',
    },
    /include: the regular expression uses inline flag group/,
  ],
  ['for incr 0', { body: '<for var="i" from="1" to="2" incr="0"><abort/></for>' }, /<for incr="0"> never ends/],
  ['set_option rate_limit', { body: '<set_option name="rate_limit" value="10"/>' }, /set_option rate_limit is not supported/],
  ['set_option unknown', { body: '<set_option name="colour" value="1"/>' }, /set_option name="colour" is unknown/],
  ['set_option certificate without child', { body: '<set_option name="certificate"/>' }, /needs one <certificate> inside/],
  [
    'change_type',
    { body: '<change_type new_type="ts_http" host="h" port="1" server_type="tcp"/>' },
    /<change_type> is not supported by xload/,
  ],
  ['request without jabber', { body: '<request><match>x</match></request>' }, /<request> has no <jabber> inside/],
  [
    'two jabbers in a request',
    { body: '<request><jabber type="connect" ack="local"/><jabber type="close" ack="local"/></request>' },
    /a <request> holds one <jabber>/,
  ],
  [
    'subst all_except_body',
    { body: '<request subst="all_except_body"><jabber type="connect" ack="local"/></request>' },
    /applies to HTTP bodies only/,
  ],
  [
    'empty match',
    { body: '<request><match do="abort"> </match><jabber type="connect" ack="local"/></request>' },
    /<match> has no regular expression/,
  ],
  [
    'dyn_variable with re and xpath',
    { body: '<request><dyn_variable name="a" re="(x)" xpath="//a"/><jabber type="connect" ack="local"/></request>' },
    /<dyn_variable> has re and xpath/,
  ],
  [
    'dyn_variable re without group',
    { body: '<request><dyn_variable name="a" re="x"/><jabber type="connect" ack="local"/></request>' },
    /re has no capture group/,
  ],
  [
    'dyn_variable jsonpath',
    { body: '<request><dyn_variable name="a" jsonpath="$.a"/><jabber type="connect" ack="local"/></request>' },
    /attribute jsonpath on <dyn_variable> is not supported/,
  ],
  ['raw without data', { body: '<request><jabber type="raw" ack="no_ack"/></request>' }, /<jabber type="raw"> needs data="\.\.\."/],
  ['pubsub:publish without node', { body: '<request><jabber type="pubsub:publish" ack="local"/></request>' }, /needs node="\.\.\."/],
  [
    'bad SASL mechanism',
    { body: '<request><jabber type="auth_sasl" ack="local" mechanism="MD5"/></request>' },
    /mechanism="MD5" on <jabber> is not valid/,
  ],
  ['undefined if var', { body: '<if var="ghost" eq="1"><abort/></if>' }, /%%_ghost%% \(<if var>\) is never set/],
  ['undefined thinktime var', { body: '<thinktime value="%%_ghost%%"/>' }, /%%_ghost%% \(thinktime value\) is never set/],
  ['undefined for bound', { body: '<for var="i" from="1" to="%%_n%%"><abort/></for>' }, /%%_n%% \(<for to>\) is never set/],
  ['text where none belongs', { body: 'hello<abort/>' }, /unexpected text inside <session>/],
];

describe('more validation rules', () => {
  it.each(rows)('%s', (_name, parts, message) => {
    const r = compile(parts);
    expect(r.ok).toBe(false);
    expect(errors(r).map((d) => d.message)).toContainEqual(expect.stringMatching(message));
    for (const d of errors(r)) expect(d.line).toBeGreaterThan(0);
  });

  it('warns on stamped requests that carry no stamp and on decode="html_entities"', () => {
    const r = compile({
      body: '<request><dyn_variable name="a" re="(x)" decode="html_entities"/><jabber type="connect" ack="local" stamped="true"/></request>',
    });
    expect(r.ok).toBe(true);
    expect(warnings(r).map((d) => d.message)).toEqual([
      'decode="html_entities" is ignored',
      'stamped="true" has no effect on type="connect"',
    ]);
  });

  it('accepts every Tsung jabber type', async () => {
    const { JABBER_TYPES } = await import('./jabber-types.js');
    const body = Object.keys(JABBER_TYPES)
      .map((t) => `<request><jabber type="${t}" ack="no_ack" room="r" nick="n" node="/n" data="d"/></request>`)
      .join('\n');
    const r = compile({
      body: `<request><dyn_variable name="sid" re="(x)"/><dyn_variable name="nonce" re="(y)"/><jabber type="connect" ack="local"/></request>\n${body}`,
    });
    expect(errors(r)).toEqual([]);
    // Tsung's own types; xload's extensions say so in their description.
    expect(Object.values(JABBER_TYPES).filter((t) => !t.sends.startsWith('xload:'))).toHaveLength(38);
  });
});

describe("request types named like Object's properties (found by the compiler's fuzzer)", () => {
  it.each(['constructor', 'toString', '__proto__', 'valueOf'])('type="%s" is an unknown request type, not a crash', (type) => {
    const r = compile({ body: `<request><jabber type="${type}" ack="no_ack"/></request>` });
    expect(
      errors(r)
        .map((d) => d.message)
        .join('\n'),
    ).toMatch(new RegExp(`${type}`));
  });
});

describe("elements named like Object's properties", () => {
  it('<constructor> in a session is refused with a message, never a crash (the XML parser already refuses the name)', () => {
    const r = compile({ body: '<constructor/>' });
    expect(
      errors(r)
        .map((d) => d.message)
        .join('\n'),
    ).toMatch(/constructor/);
  });
});
