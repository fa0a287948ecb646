import { describe, expect, it } from 'vitest';
import { BODY_LINE, compile, errors, planOf, scenario } from '../../test/unit/scenario/minimal.js';
import type { RequestOp } from './plan.js';

const req = (expects: string, jabber = '<jabber type="chat" ack="no_ack" destination="previous"/>') =>
  `<request>${jabber}${expects}</request>`;

function firstRequest(body: string): RequestOp {
  const plan = planOf(compile({ body }));
  return plan.sessions[0]!.ops[0] as RequestOp;
}

describe('<expect> compiles into the request (issue 16)', () => {
  it('keeps every condition, the timeout in ms and on_fail', () => {
    const op = firstRequest(
      req(
        '<expect name="bob-gets-hi" kind="message" type="chat" from="User1@LocalHost/Tsung" xpath="//body" body="^hi\\d" timeout="2.5" on_fail="end_session"/>',
      ),
    );
    expect(op.expects).toEqual([
      {
        name: 'bob-gets-hi',
        kind: 'message',
        type: 'chat',
        from: 'user1@localhost/Tsung',
        xpath: '//body',
        body: '^hi\\d',
        timeoutMs: 2500,
        onFail: 'end_session',
        pos: { line: BODY_LINE, col: expect.any(Number) },
      },
    ]);
  });

  it('defaults: name from the position, 5 s, on_fail continue; a request without one has no expects', () => {
    const plan = planOf(compile({ body: `${req('<expect kind="iq"/>')}\n${req('')}` }));
    const [withCheck, without] = plan.sessions[0]!.ops as RequestOp[];
    const e = withCheck!.expects![0]!;
    expect(e.name).toBe(`expect:${e.pos.line}:${e.pos.col}`);
    expect(e).toMatchObject({ timeoutMs: 5000, onFail: 'continue', kind: 'iq' });
    expect(without!.expects).toBeUndefined();
  });

  it('finds checks inside transactions and loops, and takes PCRE in body', () => {
    const body = `<transaction name="t"><for from="1" to="2" incr="1" var="i">${req('<expect kind="message" body="\\Ahi\\z"/>')}</for></transaction>`;
    const plan = planOf(compile({ body }));
    const tr = plan.sessions[0]!.ops[0]!;
    if (tr.kind !== 'transaction' || tr.ops[0]?.kind !== 'for') throw new Error('shape');
    expect((tr.ops[0].ops[0] as RequestOp).expects?.[0]?.body).toBe('^hi$');
  });
});

const bad: [string, string, RegExp, RegExp][] = [
  ['unknown kind', '<expect kind="mesage"/>', /kind="mesage" on <expect> is not valid/, /did you mean "message"/],
  ['a type the kind does not have', '<expect kind="iq" type="chat"/>', /type="chat" is not a iq type/, /write one of|did you mean/],
  [
    'a kind named like an Object property',
    '<expect kind="constructor" type="chat"/>',
    /kind="constructor" on <expect> is not valid/,
    /write one of/,
  ],
  ['an unknown type without kind', '<expect type="chatt"/>', /type="chatt" is not a stanza type/, /did you mean "chat"/],
  ['a bad body regexp', '<expect kind="message" body="(hi"/>', /body on <expect>:/, /./],
  ['body on a presence', '<expect kind="presence" body="x"/>', /only messages have a <body>/, /kind="message"/],
  ['a bad xpath', '<expect xpath="//a[contains(., \'x\')]"/>', /xpath on <expect>: xpath .* not supported/, /\[@a='v'\]/],
  ['an empty xpath', '<expect xpath=" "/>', /xpath on <expect>: it is empty/, /./],
  ['timeout 0', '<expect kind="iq" timeout="0"/>', /timeout="0" on <expect> is not valid/, /./],
  ['timeout over an hour', '<expect kind="iq" timeout="3601"/>', /timeout="3601" on <expect> is not valid/, /3600/],
  ['a bad on_fail', '<expect kind="iq" on_fail="abort"/>', /on_fail="abort" on <expect> is not valid/, /continue, end_session, stop_run/],
  ['a bad from', '<expect from="a@@b"/>', /from="a@@b": a JID has one @/, /user2@localhost/],
  ['no condition', '<expect name="x"/>', /<expect> has no condition/, /kind="message"/],
  ['a bad name', '<expect name="bob gets hi" kind="iq"/>', /check name "bob gets hi" is not valid/, /bob-gets-hi/],
  ['a %%_var%%', '<expect kind="message" from="%%_peer%%@localhost"/>', /holds a %%_var%%/, /value itself/],
  ['an unknown attribute', '<expect kind="iq" within="2"/>', /unknown attribute within on <expect>/, /./],
];

describe('<expect> validation: file:line:col and what to write instead', () => {
  it.each(bad)('%s', (_what, expects, message, hint) => {
    const r = compile({ body: req(expects) });
    expect(r.ok).toBe(false);
    const e = errors(r).find((d) => message.test(d.message));
    expect(
      e,
      errors(r)
        .map((d) => d.message)
        .join('\n'),
    ).toBeDefined();
    expect(e!.hint).toMatch(hint);
    expect(e!.line).toBe(BODY_LINE);
    expect(e!.col).toBeGreaterThan(1);
  });

  it('refuses two checks with one name, pointing at the second', () => {
    const r = compile({ body: `${req('<expect name="a" kind="iq"/>')}\n${req('<expect name="a" kind="iq"/>')}` });
    expect(errors(r)).toMatchObject([{ line: BODY_LINE + 1, message: `a second check named "a" (first at line ${BODY_LINE})` }]);
  });

  it('refuses more than 16 checks on one request', () => {
    const many = Array.from({ length: 17 }, (_, i) => `<expect name="c${i}" kind="iq"/>`).join('');
    expect(errors(compile({ body: req(many) })).map((d) => d.message)).toEqual(['more than 16 <expect> checks on one request']);
  });

  it('refuses a threshold on a check name no <expect> has, suggesting the nearest', () => {
    const r = compile(
      scenario({ body: req('<expect name="bob-gets-hi" kind="message"/>') }).replace(
        '</sessions>',
        '</sessions>\n<thresholds><threshold expr="rate(checks.bob-gets-hii) == 100%"/><threshold expr="rate(checks.bob-gets-hi) == 100%"/></thresholds>',
      ),
    );
    expect(errors(r)).toMatchObject([
      {
        message: 'threshold "rate(checks.bob-gets-hii) == 100%" names check "bob-gets-hii", and no <expect> in this scenario has that name',
        hint: 'did you mean "bob-gets-hi"?',
      },
    ]);
  });

  it('is not allowed outside a request', () => {
    expect(errors(compile({ body: `${req('')}<expect kind="iq"/>` })).map((d) => d.message)).toEqual([
      '<expect> is not allowed inside <session>',
    ]);
  });
});
