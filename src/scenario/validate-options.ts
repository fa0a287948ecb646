import { statSync, type Stats } from 'node:fs';
import { notAFileKind, READ_LIMITS } from '../read-regular-file.js';
import { resolve } from 'node:path';
import type { XmlElement } from './ast.js';
import { attr, attrPosOf } from './ast.js';
import type { ValidationContext } from './context.js';
import { optionElements } from './context.js';
import { suggest } from './did-you-mean.js';
import { DEFAULTS, OPTIONS, type OptionInfo } from './options-table.js';
import { parseInteger, parseNumber } from './values.js';
import { RANGES, rangeProblem } from '../ranges.js';

/** `<options>`: names, scopes (type="ts_jabber"), values, file_server files and ids. */
export function validateOptions(root: XmlElement, ctx: ValidationContext): void {
  const seen = new Map<string, XmlElement>();
  for (const o of optionElements(root)) {
    const name = attr(o, 'name');
    if (name === undefined) continue;
    const info = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
    const type = attr(o, 'type');
    if (type !== undefined && type !== 'ts_jabber') {
      ctx.bag.warning(
        o.pos,
        `option ${name} of type="${type}" is ignored`,
        'xload runs XMPP scenarios; only generic and type="ts_jabber" options apply',
      );
      continue;
    }
    if (!info) {
      ctx.bag.error(attrPosOf(o, 'name'), `unknown option name="${name}"`, suggest(name, Object.keys(OPTIONS), 'value'));
      continue;
    }
    if (!checkScope(o, name, info, type, ctx)) continue;
    if (info.ignored) ctx.bag.warning(o.pos, `option ${name} is ignored`, info.ignored);
    const key = name === 'file_server' ? `file_server:${attr(o, 'id') ?? DEFAULTS.fileServerId}` : name;
    const prev = seen.get(key);
    if (prev) {
      if (name === 'file_server')
        ctx.bag.error(
          o.pos,
          `a second file_server with id "${attr(o, 'id') ?? DEFAULTS.fileServerId}" (first at line ${prev.pos.line})`,
          'give each file_server its own id="..."',
        );
      else ctx.bag.warning(o.pos, `option ${name} is set again (first at line ${prev.pos.line}); this one wins`, 'remove one of them');
    }
    seen.set(key, o);
    checkValue(o, name, info, ctx);
  }
}

function checkScope(o: XmlElement, name: string, info: OptionInfo, type: string | undefined, ctx: ValidationContext): boolean {
  if (info.scope === 'jabber' && type !== 'ts_jabber') {
    // Tsung logs "Unknown option" and drops it: a silent misconfiguration, so an error here.
    ctx.bag.error(
      o.pos,
      `option ${name} is a ts_jabber option but lacks type="ts_jabber" (Tsung would ignore it)`,
      `write <option type="ts_jabber" name="${name}" value="..."/>`,
    );
    return false;
  }
  if (info.scope === 'generic' && type === 'ts_jabber' && name !== 'global_number') {
    ctx.bag.error(attrPosOf(o, 'type'), `option ${name} is not a ts_jabber option`, 'remove type="ts_jabber"');
    return false;
  }
  return true;
}

function checkValue(o: XmlElement, name: string, info: OptionInfo, ctx: ValidationContext): void {
  const value = attr(o, 'value');
  const at = attrPosOf(o, 'value');
  const bad = (what: string, hint: string): void => ctx.bag.error(at, `option ${name}: ${what}`, hint);
  switch (info.kind) {
    case 'int': {
      if (value === undefined) return;
      const n = parseInteger(value);
      if (n === undefined || (info.min !== undefined && n < info.min))
        bad(
          `value="${value}" is not a whole number${info.min !== undefined ? ` of at least ${info.min}` : ''}`,
          `e.g. value="${Math.max(info.min ?? 1, 1)}"`,
        );
      else checkRange(n, info, bad);
      return;
    }
    case 'int_or_infinity': {
      if (value === undefined || value.trim() === 'infinity') return;
      const n = parseInteger(value);
      if (n === undefined || n < (info.min ?? 0))
        bad(`value="${value}" is not a whole number of milliseconds or "infinity"`, 'e.g. value="10000" or value="infinity"');
      else checkRange(n, info, bad);
      return;
    }
    case 'ws_frame':
      if (value !== undefined && value !== 'binary' && value !== 'text')
        bad(`value="${value}" is not a WebSocket frame type`, 'write value="text" or value="binary"');
      return;
    case 'path':
      if (value === undefined || !value.startsWith('/')) bad(`value="${value ?? ''}" is not an absolute URL path`, 'e.g. value="/ws"');
      return;
    case 'fileid_ref':
      if (value === undefined) bad('value is missing', 'write value="ID" naming a file_server option');
      else if (!ctx.fileIds.has(value))
        bad(`no file_server has id "${value}"`, `add <option name="file_server" id="${value}" value="users.csv"/>`);
      return;
    case 'string':
      if (name === 'fileid_delimiter' && value === '') bad('the delimiter is empty', 'e.g. value=";"');
      return;
    case 'special':
      if (name === 'file_server') checkFileServer(o, ctx);
      else if (name === 'thinktime') checkThinktimeOption(o, ctx);
      else if (name === 'ports_range') checkPortsRange(o, ctx);
      return;
  }
}

function checkRange(n: number, info: OptionInfo, bad: (what: string, hint: string) => void): void {
  if (!info.range) return;
  const problem = rangeProblem(n, RANGES[info.range]);
  if (problem)
    bad(
      `value ${problem}`,
      info.kind === 'int_or_infinity' ? 'write a smaller value, or "infinity" for no limit' : 'write a value in that range',
    );
}

function checkFileServer(o: XmlElement, ctx: ValidationContext): void {
  const value = attr(o, 'value');
  const id = attr(o, 'id') ?? DEFAULTS.fileServerId;
  if (value === undefined || value === '') {
    ctx.bag.error(o.pos, `file_server "${id}" has no path`, 'write value="path/to/file.csv"');
    return;
  }
  const path = resolve(ctx.baseDir, value);
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  const kind = st && notAFileKind(st);
  if (st && kind) {
    ctx.bag.error(
      attrPosOf(o, 'value'),
      `file_server "${id}": ${path} is ${kind}, not a regular file`,
      `give the path of a CSV file, or override it with --file-server ${id}=PATH`,
    );
  } else if (st && st.size > READ_LIMITS.dataFile.maxBytes) {
    ctx.bag.error(
      attrPosOf(o, 'value'),
      `file_server "${id}": ${path} is ${st.size} bytes, over the ${READ_LIMITS.dataFile.maxBytes}-byte limit for a data file`,
      'split it, or keep fewer rows',
    );
  } else if (!st) {
    ctx.bag.error(
      attrPosOf(o, 'value'),
      `file_server "${id}": ${path} does not exist or is not a file`,
      `create it, fix value="...", or override it with --file-server ${id}=PATH`,
    );
  }
}

function checkThinktimeOption(o: XmlElement, ctx: ValidationContext): void {
  const value = attr(o, 'value');
  const min = attr(o, 'min');
  const max = attr(o, 'max');
  if (min !== undefined || max !== undefined) {
    const lo = parseNumber(min);
    const hi = parseNumber(max);
    if (lo === undefined || hi === undefined || hi <= 0 || hi < lo)
      ctx.bag.error(o.pos, 'option thinktime: min and max must both be set, with 0 < max and min <= max', 'e.g. min="1" max="5"');
    else
      for (const [a, n] of [
        ['min', lo],
        ['max', hi],
      ] as const)
        checkSeconds(o, a, n, ctx);
    return;
  }
  const n = parseNumber(value);
  if (n === undefined || n < 0)
    ctx.bag.error(attrPosOf(o, 'value'), `option thinktime: value="${value ?? ''}" is not a number of seconds`, 'e.g. value="2"');
  else checkSeconds(o, 'value', n, ctx);
}

/** A thinktime in seconds must fit Node's timers once in milliseconds. */
export function checkSeconds(el: XmlElement, attrName: string, seconds: number, ctx: Pick<ValidationContext, 'bag'>): void {
  const problem = rangeProblem(seconds, RANGES.seconds);
  if (problem)
    ctx.bag.error(
      attrPosOf(el, attrName),
      `${attrName} on <${el.name}>: ${problem}`,
      "Node's timers cannot wait longer than 24.8 days: write a shorter time",
    );
}

function checkPortsRange(o: XmlElement, ctx: ValidationContext): void {
  const v = attr(o, 'value');
  if (v !== undefined && v !== 'on' && v !== 'off')
    ctx.bag.error(attrPosOf(o, 'value'), `option ports_range: value="${v}" is not on or off`, 'write value="on" or leave it out');
  const lo = parseInteger(attr(o, 'min') ?? '1025');
  const hi = parseInteger(attr(o, 'max') ?? '65534');
  if (lo === undefined || hi === undefined || lo < 1 || hi > 65535 || lo > hi) {
    ctx.bag.error(o.pos, 'option ports_range: min and max must be ports with min <= max', 'e.g. min="1025" max="65535"');
  }
}
