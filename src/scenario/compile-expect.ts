import type { XmlElement } from './ast.js';
import { attr } from './ast.js';
import type { ExpectKind, ExpectOnFail, ExpectSpec } from './plan.js';
import { InternalError } from '../errors.js';
import { pcreToJs } from './regex.js';
import { defaultCheckName } from './validate-expect.js';
import { parseNumber } from './values.js';

/** A check's wait when `timeout` is not written, in seconds: long for a live server, short for a run. */
export const DEFAULT_CHECK_TIMEOUT_S = 5;

/** `<expect>` → ExpectSpec (tree already valid, validate-expect.ts). */
export function compileExpect(e: XmlElement): ExpectSpec {
  const spec: ExpectSpec = {
    name: attr(e, 'name') ?? defaultCheckName(e.pos),
    timeoutMs: Math.round((parseNumber(attr(e, 'timeout')) ?? DEFAULT_CHECK_TIMEOUT_S) * 1000),
    onFail: (attr(e, 'on_fail') ?? 'continue') as ExpectOnFail,
    pos: e.pos,
  };
  const kind = attr(e, 'kind');
  if (kind !== undefined) spec.kind = kind as ExpectKind;
  const type = attr(e, 'type');
  if (type !== undefined) spec.type = type;
  const from = attr(e, 'from');
  if (from !== undefined) spec.from = normaliseJid(from.trim());
  const xpath = attr(e, 'xpath');
  if (xpath !== undefined) spec.xpath = xpath;
  const body = attr(e, 'body');
  if (body !== undefined) {
    const r = pcreToJs(body);
    if (!r.ok) throw new InternalError(`<expect body> at line ${e.pos.line} passed validation but does not translate: ${r.message}`);
    spec.body = r.source;
  }
  return spec;
}

/** Local part and domain compare case-insensitively (RFC 7622 §3.2, §3.3); the resource as is (§3.4). */
export function normaliseJid(jid: string): string {
  const slash = jid.indexOf('/');
  return slash < 0 ? jid.toLowerCase() : jid.slice(0, slash).toLowerCase() + jid.slice(slash);
}

/** `no message type=chat from user1@localhost body /hi/`: what did not arrive, for messages. */
export function describeExpect(spec: ExpectSpec): string {
  const parts = [`no ${spec.kind ?? 'stanza'}`];
  if (spec.type !== undefined) parts.push(`type=${spec.type}`);
  if (spec.from !== undefined) parts.push(`from ${spec.from}`);
  if (spec.body !== undefined) parts.push(`body /${spec.body}/`);
  if (spec.xpath !== undefined) parts.push(`xpath ${spec.xpath}`);
  return parts.join(' ');
}
