import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { sessionElements } from './context.js';
import { suggest } from './did-you-mean.js';
import type { SourcePos } from './plan.js';
import { pcreToJs } from './regex.js';
import { varsIn } from './values.js';
import { xpathProblem } from '../engine/vm/xpath.js';
import { parseThreshold } from '../thresholds/parse.js';
import { ThresholdSyntaxError } from '../thresholds/errors.js';

/**
 * xload extension (issue 16): `<expect>` checks inside a `<request>`, beside Tsung's
 * `<match>`. The schema table (tsung-schema.ts) has checked placement, kind, on_fail and
 * the timeout's range; this checks what needs more than a table: the type for the kind,
 * the JID, the xpath and the body regexp, and that every check has a name of its own (counts
 * are kept by name, so two checks sharing one would hide which of them failed).
 */
export function validateExpects(root: XmlElement, ctx: ValidationContext): void {
  const names = new Map<string, SourcePos>();
  for (const s of sessionElements(root)) {
    for (const req of requestsIn(s)) {
      const expects = childrenNamed(req, 'expect');
      if (expects.length > MAX_EXPECTS_PER_REQUEST) {
        ctx.bag.error(
          expects[MAX_EXPECTS_PER_REQUEST]!.pos,
          `more than ${MAX_EXPECTS_PER_REQUEST} <expect> checks on one request`,
          'spread them over several requests (a <jabber type="wait"> request can carry more)',
        );
      }
      for (const e of expects) validateExpect(e, ctx, names);
    }
  }
  checkThresholdNames(root, ctx, names);
}

/**
 * `rate(checks.<name>)` in the scenario's `<thresholds>` must name one of its checks: a
 * misspelt name would only fail at the end of the run ("no check named ... was decided").
 */
function checkThresholdNames(root: XmlElement, ctx: ValidationContext, names: Map<string, SourcePos>): void {
  const section = root.children.find((c) => c.name === 'thresholds');
  for (const t of section ? childrenNamed(section, 'threshold') : []) {
    const expr = attr(t, 'expr');
    if (expr === undefined) continue;
    let operand;
    try {
      operand = parseThreshold(expr).operand;
    } catch (err) {
      if (err instanceof ThresholdSyntaxError) continue; // thresholds.ts reports it
      throw err;
    }
    if (operand.kind !== 'rate' || !operand.path.startsWith('checks.')) continue;
    const name = operand.path.slice('checks.'.length);
    if (names.has(name)) continue;
    ctx.bag.error(
      attrPosOf(t, 'expr'),
      `threshold "${expr.trim()}" names check "${name}", and no <expect> in this scenario has that name`,
      names.size ? suggest(name, [...names.keys()], 'value') : 'add <expect name="..."> to a request, or use rate(checks)',
    );
  }
}

/** Checks one request can wait for at once (the runtime keeps them in a bit mask). */
export const MAX_EXPECTS_PER_REQUEST = 16;

/** A check's name: what `rate(checks.<name>)` and summary.json's `checks` call it. */
export const CHECK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;

/** The name of an `<expect>` without one: its place in the file, stable while the file is. */
export function defaultCheckName(pos: SourcePos): string {
  return `expect:${pos.line}:${pos.col}`;
}

/** Stanza types per kind (RFC 6121 §5.2.2 for message, §4.7.1 presence, RFC 6120 §8.2.3 iq). */
export const EXPECT_TYPES: Readonly<Record<string, readonly string[]>> = {
  message: ['chat', 'normal', 'groupchat', 'headline', 'error'],
  presence: ['available', 'unavailable', 'subscribe', 'subscribed', 'unsubscribe', 'unsubscribed', 'probe', 'error'],
  iq: ['get', 'set', 'result', 'error'],
};
const ANY_TYPE = [...new Set(Object.values(EXPECT_TYPES).flat())];

const CONDITIONS = ['kind', 'type', 'from', 'xpath', 'body'] as const;

function validateExpect(e: XmlElement, ctx: ValidationContext, names: Map<string, SourcePos>): void {
  const { bag } = ctx;
  for (const [a, v] of Object.entries(e.attrs)) {
    if (varsIn(v).length > 0)
      bag.error(
        attrPosOf(e, a),
        `${a} on <expect> holds a %%_var%%: checks are fixed when the scenario compiles`,
        'write the value itself',
      );
  }
  const explicit = attr(e, 'name');
  const name = explicit ?? defaultCheckName(e.pos);
  if (explicit !== undefined && !CHECK_NAME.test(explicit)) {
    bag.error(
      attrPosOf(e, 'name'),
      `check name "${explicit}" is not valid: letters, digits and _ . : - only, at most 64, not starting with . : -`,
      'e.g. name="bob-gets-hi"',
    );
  } else {
    const first = names.get(name);
    if (first)
      bag.error(
        explicit !== undefined ? attrPosOf(e, 'name') : e.pos,
        `a second check named "${name}" (first at line ${first.line})`,
        'give each <expect> its own name: counts are kept by name',
      );
    else names.set(name, e.pos);
  }
  if (!CONDITIONS.some((c) => attr(e, c) !== undefined)) {
    bag.error(
      e.pos,
      '<expect> has no condition: it would pass on any stanza',
      'say what must arrive, e.g. <expect kind="message" type="chat" body="hello"/>',
    );
  }
  const kind = attr(e, 'kind');
  const type = attr(e, 'type');
  if (type !== undefined) {
    // Own keys only: a kind such as "constructor" (refused by the schema) must not reach Object's prototype.
    const allowed = kind === undefined ? ANY_TYPE : Object.hasOwn(EXPECT_TYPES, kind) ? EXPECT_TYPES[kind] : undefined;
    if (allowed && !allowed.includes(type))
      bag.error(attrPosOf(e, 'type'), `type="${type}" is not a${kind ? ` ${kind}` : ' stanza'} type`, suggest(type, allowed, 'value'));
  }
  const from = attr(e, 'from');
  if (from !== undefined) {
    const problem = jidProblem(from);
    if (problem)
      bag.error(attrPosOf(e, 'from'), `from="${from}": ${problem}`, 'write a JID: user2@localhost, user2@localhost/tsung or a domain');
  }
  const xpath = attr(e, 'xpath');
  if (xpath !== undefined) {
    const problem = xpath.trim() === '' ? 'it is empty' : xpathProblem(xpath);
    if (problem)
      bag.error(
        attrPosOf(e, 'xpath'),
        `xpath on <expect>: ${problem}`,
        'use / and // steps, *, [@a], [@a=\'v\'], [n], ending in @attr or text(), e.g. xpath="//body"',
      );
  }
  const body = attr(e, 'body');
  if (body !== undefined) {
    const r = pcreToJs(body);
    if (!r.ok) bag.error(attrPosOf(e, 'body'), `body on <expect>: ${r.message}`, r.hint);
    else if (kind !== undefined && kind !== 'message')
      bag.error(attrPosOf(e, 'body'), `body on <expect kind="${kind}">: only messages have a <body>`, 'write kind="message", or use xpath');
  }
}

/** RFC 7622 in outline: `[local@]domain[/resource]`, no spaces, nothing empty. */
function jidProblem(jid: string): string | undefined {
  if (jid.trim() === '') return 'it is empty';
  const slash = jid.indexOf('/');
  const bare = slash < 0 ? jid : jid.slice(0, slash);
  if (slash >= 0 && slash === jid.length - 1) return 'the resource after / is empty';
  if (/\s/.test(bare)) return 'a JID has no spaces';
  const at = bare.indexOf('@');
  if (at === 0) return 'the local part before @ is empty';
  if (at !== bare.lastIndexOf('@')) return 'a JID has one @ at most before the resource';
  if (bare.slice(at + 1) === '') return 'the domain is empty';
  return undefined;
}

/** Every `<request>` under a session, at any depth of transactions, loops and ifs. */
export function requestsIn(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.name === 'request') out.push(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
}
