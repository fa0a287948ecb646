import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { suggest } from './did-you-mean.js';
import { isJabberType, JABBER_TYPES, JABBER_TYPE_NAMES } from './jabber-types.js';
import { pcreToJs } from './regex.js';
import { OTHER_PROTOCOLS } from './tsung-schema.js';

const STAMPABLE = new Set(['chat', 'muc:chat', 'pubsub:publish']);

/** One `<request>`: its single `<jabber>`, the type's needs, and its matchers' regexps. */
export function validateJabberRequest(req: XmlElement, ctx: ValidationContext): void {
  const { bag } = ctx;
  if (attr(req, 'subst') === 'all_except_body') {
    bag.error(attrPosOf(req, 'subst'), 'subst="all_except_body" applies to HTTP bodies only', 'write subst="true"');
  }
  const jabbers = childrenNamed(req, 'jabber');
  const others = req.children.filter((c) => (OTHER_PROTOCOLS as readonly string[]).includes(c.name));
  if (jabbers.length === 0 && others.length === 0)
    bag.error(req.pos, '<request> has no <jabber> inside', 'write <request><jabber type="..." ack="no_ack"/></request>');
  for (const extra of jabbers.slice(1)) bag.error(extra.pos, 'a <request> holds one <jabber>', 'split it into one <request> per <jabber>');
  for (const j of jabbers) validateJabber(j, ctx);
  for (const m of childrenNamed(req, 'match')) {
    const text = m.text.trim();
    if (text === '') {
      bag.error(
        m.pos,
        '<match> has no regular expression',
        'write the pattern as its text, e.g. <match do="abort" when="match">error</match>',
      );
      continue;
    }
    const r = pcreToJs(text);
    if (!r.ok) bag.error(m.pos, `<match>: ${r.message}`, r.hint);
  }
  for (const d of childrenNamed(req, 'dyn_variable')) validateDynVariable(d, ctx);
}

function validateJabber(j: XmlElement, ctx: ValidationContext): void {
  const type = attr(j, 'type');
  if (type === undefined) return;
  const info = isJabberType(type) ? JABBER_TYPES[type] : undefined;
  if (!info) {
    ctx.bag.error(attrPosOf(j, 'type'), `unknown jabber type="${type}"`, suggest(type, JABBER_TYPE_NAMES, 'value'));
    return;
  }
  for (const r of info.required) {
    if (attr(j, r) === undefined)
      ctx.bag.error(
        j.pos,
        `<jabber type="${type}"> needs ${r}="..."`,
        `Tsung's ${type} uses ${r}; e.g. ${r}="${r === 'nick' ? '%%_nick%%' : r === 'node' ? '/test' : 'room1'}"`,
      );
  }
  for (const a of ['mechanism', 'channel_binding']) {
    if (attr(j, a) !== undefined && type !== 'auth_sasl') {
      ctx.bag.error(attrPosOf(j, a), `${a} applies to type="auth_sasl" only, not "${type}"`, 'remove it');
    }
  }
  if (attr(j, 'stamped') === 'true' && !STAMPABLE.has(type)) {
    ctx.bag.warning(
      attrPosOf(j, 'stamped'),
      `stamped="true" has no effect on type="${type}"`,
      'stamps go in chat, muc:chat and pubsub:publish bodies',
    );
  }
  if (attr(j, 'regexp') !== undefined) {
    const r = pcreToJs(attr(j, 'regexp') ?? '');
    if (!r.ok) ctx.bag.error(attrPosOf(j, 'regexp'), `regexp: ${r.message}`, r.hint);
  }
}

function validateDynVariable(d: XmlElement, ctx: ValidationContext): void {
  const kinds = ['re', 'regexp', 'xpath'].filter((k) => attr(d, k) !== undefined);
  if (kinds.length > 1) {
    ctx.bag.error(d.pos, `<dyn_variable> has ${kinds.join(' and ')}`, 'keep one of re="...", regexp="..." or xpath="..."');
    return;
  }
  const kind = kinds[0];
  if (kind === 're' || kind === 'regexp') {
    const r = pcreToJs(attr(d, kind) ?? '');
    if (!r.ok) ctx.bag.error(attrPosOf(d, kind), `${kind}: ${r.message}`, r.hint);
    else if (captureGroups(r.source) === 0)
      ctx.bag.error(
        attrPosOf(d, kind),
        `${kind} has no capture group`,
        "the first (...) group is the value stored, e.g. re=\"id='([^']*)'\"",
      );
  } else if (kind === 'xpath' && (attr(d, 'xpath') ?? '').trim() === '') {
    ctx.bag.error(attrPosOf(d, 'xpath'), 'xpath is empty', 'e.g. xpath="//iq/@id"');
  }
  if (attr(d, 'decode') === 'html_entities') {
    ctx.bag.warning(attrPosOf(d, 'decode'), 'decode="html_entities" is ignored', 'XMPP values are XML-escaped, not HTML-escaped');
  }
}

/** Number of capture groups: the alternation with an empty pattern always matches. */
function captureGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
}
