import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { sessionElements } from './context.js';
import { closest } from './did-you-mean.js';
import type { SourcePos } from './plan.js';
import { erlangCallsIn, varsIn, wholeVar } from './values.js';

/** Variables every session has without setting them (Tsung's ts_client sets tsung_userid). */
export const BUILTIN_VARS: readonly string[] = ['tsung_userid'];

/** Dynvars Tsung's ts_jabber reads implicitly for a request type. */
const IMPLICIT_USES: Readonly<Record<string, string>> = { auth_set_digest: 'sid', auth_set_sip: 'nonce' };

interface Use {
  name: string;
  pos: SourcePos;
  what: string;
}

/**
 * `%%_name%%` substitutions: every variable used in a session must be set somewhere in
 * it (setdynvars, dyn_variable, for, foreach, repeat) or be built in. Order is not
 * checked: a loop may set a variable late and use it on the next turn.
 */
export function validateVars(root: XmlElement, ctx: ValidationContext): void {
  for (const session of sessionElements(root)) {
    if ((attr(session, 'type') ?? 'ts_jabber') !== 'ts_jabber') continue;
    const defined = new Set<string>(BUILTIN_VARS);
    const uses: Use[] = [];
    walk(session, defined, uses, ctx);
    for (const u of uses) {
      if (defined.has(u.name)) continue;
      const near = closest(
        u.name,
        [...defined].filter((d) => !BUILTIN_VARS.includes(d)),
      );
      ctx.bag.error(
        u.pos,
        `%%_${u.name}%% (${u.what}) is never set in session "${attr(session, 'name') ?? '?'}"`,
        near
          ? `did you mean %%_${near}%%?`
          : `set it first, e.g. <setdynvars sourcetype="random_number" start="1" end="100"><var name="${u.name}"/></setdynvars>`,
      );
    }
  }
}

function walk(el: XmlElement, defined: Set<string>, uses: Use[], ctx: ValidationContext): void {
  for (const c of el.children) {
    switch (c.name) {
      case 'setdynvars':
        for (const v of childrenNamed(c, 'var')) {
          const n = attr(v, 'name');
          if (n) defined.add(n);
        }
        break;
      case 'for': {
        const v = attr(c, 'var');
        if (v) defined.add(v);
        for (const a of ['from', 'to']) {
          const name = wholeVar(attr(c, a) ?? '');
          if (name) uses.push({ name, pos: attrPosOf(c, a), what: `<for ${a}>` });
        }
        break;
      }
      case 'foreach': {
        const n = attr(c, 'name');
        if (n) defined.add(n);
        const src = attr(c, 'in');
        if (src) uses.push({ name: src, pos: attrPosOf(c, 'in'), what: '<foreach in>' });
        break;
      }
      case 'repeat': {
        const n = attr(c, 'name');
        if (n) defined.add(n);
        break;
      }
      case 'if':
      case 'while':
      case 'until': {
        const v = attr(c, 'var');
        if (v) uses.push({ name: v, pos: attrPosOf(c, 'var'), what: `<${c.name} var>` });
        break;
      }
      case 'thinktime': {
        const name = wholeVar(attr(c, 'value') ?? '');
        if (name) uses.push({ name, pos: attrPosOf(c, 'value'), what: 'thinktime value' });
        break;
      }
      case 'request':
        request(c, defined, uses, ctx);
        break;
    }
    walk(c, defined, uses, ctx);
  }
}

function request(req: XmlElement, defined: Set<string>, uses: Use[], ctx: ValidationContext): void {
  const subst = attr(req, 'subst') === 'true' || attr(req, 'subst') === 'all_except_body';
  for (const d of childrenNamed(req, 'dyn_variable')) {
    const n = attr(d, 'name');
    if (n) defined.add(n);
  }
  for (const m of childrenNamed(req, 'match')) {
    if (attr(m, 'subst') === 'true') for (const name of varsIn(m.text)) uses.push({ name, pos: m.pos, what: '<match>' });
  }
  for (const j of childrenNamed(req, 'jabber')) {
    // Own keys only: a type such as "constructor" must not find Object's prototype.
    const type = attr(j, 'type') ?? '';
    const implicit = Object.hasOwn(IMPLICIT_USES, type) ? IMPLICIT_USES[type] : undefined;
    if (implicit) uses.push({ name: implicit, pos: attrPosOf(j, 'type'), what: `read by type="${attr(j, 'type')}"` });
    for (const el of [j, ...childrenNamed(j, 'xmpp_authenticate')]) {
      for (const [a, value] of Object.entries(el.attrs)) {
        const pos = attrPosOf(el, a);
        for (const call of erlangCallsIn(value)) {
          ctx.bag.error(pos, `%%${call}%% calls Erlang code, which xload cannot run`, 'set the value with <setdynvars> and use %%_name%%');
        }
        const names = varsIn(value);
        if (names.length === 0) continue;
        if (!subst) {
          ctx.bag.warning(
            pos,
            `${a}="${value}" holds %%_${names[0]}%% but the request has no subst="true", so it is sent as is`,
            'write <request subst="true">',
          );
          continue;
        }
        for (const name of names) uses.push({ name, pos, what: `attribute ${a}` });
      }
    }
  }
}
