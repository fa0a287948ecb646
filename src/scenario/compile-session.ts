import type { XmlElement } from './ast.js';
import { attr, childrenNamed } from './ast.js';
import { compileRequest, jsRegex } from './compile-request.js';
import { DEFAULTS } from './options-table.js';
import type { Condition, DynVarSource, Op, OptionsSpec, SetOptionOp, ThinktimeOp } from './plan.js';
import { COMPARISONS } from './tsung-schema.js';
import { parseBool, parseInteger, parseNumber, wholeVar } from './values.js';
import { defaultStoryName } from './validate-story.js';

/** A session body → ops, in document order (tree already valid). */
export function compileOps(container: XmlElement, options: OptionsSpec): Op[] {
  const ops: Op[] = [];
  for (const el of container.children) {
    const op = compileOp(el, options);
    if (op) ops.push(op);
  }
  return ops;
}

function compileOp(el: XmlElement, options: OptionsSpec): Op | undefined {
  const pos = el.pos;
  switch (el.name) {
    case 'request':
      return compileRequest(el);
    case 'thinktime':
      return compileThinktime(el, options);
    case 'transaction':
      return { kind: 'transaction', name: attr(el, 'name') ?? '', ops: compileOps(el, options), pos };
    case 'setdynvars':
      return { kind: 'setdynvars', source: dynVarSource(el), vars: childrenNamed(el, 'var').map((v) => attr(v, 'name') ?? ''), pos };
    case 'for':
      return {
        kind: 'for',
        var: attr(el, 'var') ?? '',
        from: intOrVar(attr(el, 'from')),
        to: intOrVar(attr(el, 'to')),
        incr: parseInteger(attr(el, 'incr')) ?? 1,
        ops: compileOps(el, options),
        pos,
      };
    case 'repeat': {
      const last = el.children.at(-1);
      const body = { ...el, children: el.children.slice(0, -1) };
      return {
        kind: 'repeat',
        name: attr(el, 'name') ?? '',
        maxRepeat: parseInteger(attr(el, 'max_repeat')) ?? 20,
        test: { mode: last?.name === 'while' ? 'while' : 'until', cond: condition(last ?? el) },
        ops: compileOps(body, options),
        pos,
      };
    }
    case 'if':
      return { kind: 'if', cond: condition(el), ops: compileOps(el, options), pos };
    case 'foreach': {
      const op: Op = { kind: 'foreach', name: attr(el, 'name') ?? '', in: attr(el, 'in') ?? '', ops: compileOps(el, options), pos };
      const inc = attr(el, 'include');
      const exc = attr(el, 'exclude');
      if (inc !== undefined) op.include = jsRegex(inc, el);
      if (exc !== undefined) op.exclude = jsRegex(exc, el);
      return op;
    }
    case 'abort':
      return { kind: 'abort', scope: attr(el, 'type') === 'all' ? 'all' : 'session', pos };
    case 'set_option':
      return setOption(el);
    case 'story': {
      // The path stays as written here; compilePlan resolves it against the scenario's folder.
      const file = attr(el, 'file') ?? '';
      return { kind: 'story', file, name: attr(el, 'name') ?? defaultStoryName(file), export: attr(el, 'export') ?? 'default', pos };
    }
    default:
      return undefined;
  }
}

/** ts_config:parse/2 for thinktime: wait_*, %%_var%%, the override option, ranges, defaults. */
function compileThinktime(el: XmlElement, options: OptionsSpec): ThinktimeOp {
  const pos = el.pos;
  const raw = attr(el, 'value');
  const randomAttr = parseBool(attr(el, 'random'));
  if (raw === 'wait_bidi' || raw === 'wait_global')
    return { kind: 'thinktime', random: false, wait: raw === 'wait_bidi' ? 'bidi' : 'global', pos };
  if (raw !== undefined && wholeVar(raw) !== undefined) return { kind: 'thinktime', value: raw.trim(), random: randomAttr ?? false, pos };
  const opt = options.thinktime;
  const fromOption = (): ThinktimeOp => {
    const op: ThinktimeOp = { kind: 'thinktime', value: opt?.value ?? DEFAULTS.thinktimeS, random: opt?.random ?? false, pos };
    if (opt?.min !== undefined && opt.max !== undefined) {
      delete op.value;
      op.random = false;
      op.min = opt.min;
      op.max = opt.max;
    }
    return op;
  };
  if (opt?.override) return fromOption();
  const min = parseNumber(attr(el, 'min'));
  const max = parseNumber(attr(el, 'max'));
  if (min !== undefined && max !== undefined) return { kind: 'thinktime', random: false, min, max, pos };
  if (raw === undefined) {
    const op = fromOption();
    if (randomAttr !== undefined && op.value !== undefined) op.random = randomAttr;
    return op;
  }
  return { kind: 'thinktime', value: parseNumber(raw) ?? 0, random: randomAttr ?? opt?.random ?? false, pos };
}

function dynVarSource(el: XmlElement): DynVarSource {
  switch (attr(el, 'sourcetype')) {
    case 'random_number':
      return { type: 'random_number', start: parseInteger(attr(el, 'start')) ?? 1, end: parseInteger(attr(el, 'end')) ?? 10 };
    case 'random_string':
      return { type: 'random_string', length: parseInteger(attr(el, 'length')) ?? 20 };
    case 'urandom_string':
      return { type: 'urandom_string', length: parseInteger(attr(el, 'length')) ?? 20 };
    case 'file':
      return {
        type: 'file',
        fileId: attr(el, 'fileid') ?? '',
        order: attr(el, 'order') === 'random' ? 'random' : 'iter',
        delimiter: attr(el, 'delimiter') ?? ';',
      };
    default:
      return { type: 'value', value: attr(el, 'value') ?? '' };
  }
}

function condition(el: XmlElement): Condition {
  const op = COMPARISONS.find((c) => attr(el, c) !== undefined) ?? 'eq';
  return { var: attr(el, 'var') ?? '', op, value: attr(el, op) ?? '' };
}

function intOrVar(v: string | undefined): number | string {
  if (v === undefined) return 0;
  return wholeVar(v) !== undefined ? v.trim() : (parseInteger(v) ?? 0);
}

function setOption(el: XmlElement): SetOptionOp {
  const op: SetOptionOp = { kind: 'set_option', name: attr(el, 'name') ?? '', pos: el.pos };
  const value = attr(el, 'value');
  if (value !== undefined) op.value = value;
  const cert = childrenNamed(el, 'certificate')[0];
  if (cert) {
    op.certificate = {};
    for (const k of ['cacertfile', 'keyfile', 'keypass', 'certfile'] as const) {
      const v = attr(cert, k);
      if (v !== undefined) op.certificate[k] = v;
    }
  }
  return op;
}
