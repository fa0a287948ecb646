import type { XmlElement } from './ast.js';
import { attr, childrenNamed } from './ast.js';
import { InternalError } from '../errors.js';
import type { AckMode, DynVarSpec, JabberRequest, JabberType, MatchSpec, RequestOp } from './plan.js';
import { defaultDynVarRegex, pcreToJs } from './regex.js';
import { parseBool, parseInteger, parseNumber } from './values.js';
import { compileExpect } from './compile-expect.js';

/** `<request>` with its `<jabber>`, matchers and dyn_variables → RequestOp (tree already valid). */
export function compileRequest(req: XmlElement): RequestOp {
  const j = childrenNamed(req, 'jabber')[0];
  if (!j) throw new InternalError(`request at line ${req.pos.line} reached the compiler without <jabber>`);
  const op: RequestOp = {
    kind: 'request',
    subst: attr(req, 'subst') === 'true',
    jabber: compileJabber(j),
    matches: childrenNamed(req, 'match').map(compileMatch),
    dynVars: childrenNamed(req, 'dyn_variable').map(compileDynVar),
    pos: req.pos,
  };
  const expects = childrenNamed(req, 'expect');
  if (expects.length > 0) op.expects = expects.map(compileExpect);
  const tag = attr(req, 'tag');
  if (tag !== undefined) op.tag = tag;
  return op;
}

/** Defaults as ts_config_jabber:parse_config/2 (Tsung 1.7) applies them. */
function compileJabber(j: XmlElement): JabberRequest {
  const r: JabberRequest = {
    // validate-jabber.ts has refused a type the table does not know.
    type: (attr(j, 'type') ?? '') as JabberType,
    ack: (attr(j, 'ack') ?? 'no_ack') as AckMode,
    destination: (attr(j, 'destination') ?? 'random') as JabberRequest['destination'],
    size: parseInteger(attr(j, 'size')) ?? 0,
    stamped: parseBool(attr(j, 'stamped')) ?? false,
    show: (attr(j, 'show') ?? 'chat') as JabberRequest['show'],
    status: attr(j, 'status') ?? 'Available',
    resource: attr(j, 'resource') ?? 'tsung',
    group: attr(j, 'group') ?? 'Tsung Group',
    version: attr(j, 'version') ?? '1.0',
    sendVersion: parseBool(attr(j, 'send_version')) ?? false,
  };
  const copy = (from: string, to: keyof JabberRequest): void => {
    const v = attr(j, from);
    if (v !== undefined) (r as unknown as Record<string, unknown>)[to] = v;
  };
  copy('id', 'id');
  copy('data', 'data');
  copy('nick', 'nick');
  copy('room', 'room');
  copy('node', 'node');
  copy('node_type', 'nodeType');
  copy('subid', 'subid');
  copy('cacertfile', 'cacertfile');
  copy('keyfile', 'keyfile');
  copy('keypass', 'keypass');
  copy('certfile', 'certfile');
  copy('mechanism', 'mechanism');
  copy('channel_binding', 'channelBinding');
  const re = attr(j, 'regexp');
  if (re !== undefined) r.regexp = jsRegex(re, j);
  const auth = childrenNamed(j, 'xmpp_authenticate')[0];
  if (auth) r.authenticate = { username: attr(auth, 'username') ?? '', passwd: attr(auth, 'passwd') ?? '' };
  return r;
}

function compileMatch(m: XmlElement): MatchSpec {
  return {
    do: (attr(m, 'do') ?? 'continue') as MatchSpec['do'],
    when: (attr(m, 'when') ?? 'match') as MatchSpec['when'],
    regexp: jsRegex(m.text.trim(), m),
    subst: parseBool(attr(m, 'subst')) ?? false,
    name: attr(m, 'name') ?? '-',
    maxLoop: parseInteger(attr(m, 'max_loop')) ?? 20,
    maxRestart: parseInteger(attr(m, 'max_restart')) ?? 3,
    sleepLoopMs: (parseNumber(attr(m, 'sleep_loop')) ?? 5) * 1000,
    loopBack: parseInteger(attr(m, 'loop_back')) ?? 0,
    pos: m.pos,
  };
}

function compileDynVar(d: XmlElement): DynVarSpec {
  const name = attr(d, 'name') ?? '';
  const xpath = attr(d, 'xpath');
  if (xpath !== undefined) return { name, kind: 'xpath', expr: xpath, pos: d.pos };
  const regexp = attr(d, 'regexp');
  if (regexp !== undefined) return { name, kind: 'regexp', expr: jsRegex(regexp, d), pos: d.pos };
  return { name, kind: 're', expr: jsRegex(attr(d, 're') ?? defaultDynVarRegex(name), d), pos: d.pos };
}

export function jsRegex(pcre: string, at: XmlElement): string {
  const r = pcreToJs(pcre);
  if (!r.ok) throw new InternalError(`regexp at line ${at.pos.line} passed validation but does not translate: ${r.message}`);
  return r.source;
}
