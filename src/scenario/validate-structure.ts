import type { XmlElement } from './ast.js';
import { attrPosOf } from './ast.js';
import type { DiagnosticBag } from './diagnostics.js';
import { suggest } from './did-you-mean.js';
import { extensionAttrs } from './extensions.js';
import { SCHEMA, type AttrSpec, type AttrType, type ElementSpec } from './tsung-schema.js';
import { parseBool, parseInteger, parseNumber, toMs, wholeVar } from './values.js';
import { describeRange, RANGES, rangeProblem } from '../ranges.js';

/**
 * Checks the tree against the element/attribute tables: element placement, unknown or
 * unsupported elements and attributes, required attributes and value types. Reports
 * everything it finds; never throws, never changes the tree.
 */
export function validateStructure(root: XmlElement, bag: DiagnosticBag): void {
  if (root.name !== 'tsung') {
    bag.error(root.pos, `the root element is <${root.name}>`, 'a scenario is a <tsung> document');
    return;
  }
  checkElement(root, bag);
}

/** Own keys only: an element named like an Object property (`<constructor>`) is unknown. */
function schemaOf(name: string): ElementSpec | undefined {
  return Object.hasOwn(SCHEMA, name) ? SCHEMA[name] : undefined;
}

function checkElement(el: XmlElement, bag: DiagnosticBag): void {
  const spec = schemaOf(el.name);
  if (!spec) return;
  if (spec.unsupported) {
    bag.error(el.pos, `<${el.name}> is not supported by xload`, spec.unsupported);
    return;
  }
  if (spec.ignored) {
    bag.warning(el.pos, `<${el.name}> is ignored`, spec.ignored);
    return;
  }
  checkAttributes(el, attributesOf(el.name, spec.attrs), bag);
  if (!spec.text && el.text.trim() !== '') {
    bag.error(el.pos, `unexpected text inside <${el.name}>`, 'remove it, or put it in a comment <!-- ... -->');
  }
  // A session of another protocol is one error, not one per request inside it.
  if (el.name === 'session' && el.attrs.type !== undefined && el.attrs.type !== 'ts_jabber') return;
  // Options of another protocol are ignored whole (validate-options warns once).
  if (el.name === 'option' && el.attrs.type !== undefined && el.attrs.type !== 'ts_jabber') return;
  for (const child of el.children) {
    if (!spec.children.includes(child.name)) {
      const known = schemaOf(child.name) !== undefined;
      bag.error(
        child.pos,
        known ? `<${child.name}> is not allowed inside <${el.name}>` : `unknown element <${child.name}> inside <${el.name}>`,
        spec.children.length
          ? suggest(
              child.name,
              spec.children.filter((c) => !SCHEMA[c]?.unsupported),
              'element',
            )
          : `<${el.name}> takes no child elements`,
      );
      continue;
    }
    checkElement(child, bag);
  }
}

/** Tsung's attributes plus xload's extensions, merged once per element name. */
const merged = new Map<string, Record<string, AttrSpec>>();
function attributesOf(name: string, own: Record<string, AttrSpec>): Record<string, AttrSpec> {
  let attrs = merged.get(name);
  if (!attrs) merged.set(name, (attrs = { ...own, ...extensionAttrs(name) }));
  return attrs;
}

function checkAttributes(el: XmlElement, attrs: Record<string, AttrSpec>, bag: DiagnosticBag): void {
  for (const [name, value] of Object.entries(el.attrs)) {
    const at = attrPosOf(el, name);
    const spec = Object.hasOwn(attrs, name) ? attrs[name] : undefined;
    if (!spec) {
      const allowed = Object.keys(attrs);
      bag.error(
        at,
        `unknown attribute ${name} on <${el.name}>`,
        allowed.length ? suggest(name, allowed, 'attribute') : `<${el.name}> takes no attributes`,
      );
      continue;
    }
    if (spec.unsupported) {
      bag.error(at, `attribute ${name} on <${el.name}> is not supported by xload`, spec.unsupported);
      continue;
    }
    if (spec.ignored) bag.warning(at, `attribute ${name} on <${el.name}> is ignored`, spec.ignored);
    const problem = checkValue(value, spec.type) ?? checkRange(el, value, spec);
    if (problem) bag.error(at, `${name}="${clip(value)}" on <${el.name}> is not valid: ${problem.what}`, problem.hint);
  }
  for (const [name, spec] of Object.entries(attrs)) {
    if (spec.required && !Object.hasOwn(el.attrs, name)) {
      bag.error(
        el.pos,
        `<${el.name}> lacks the required attribute ${name}`,
        `write <${el.name} ${name}="${exampleOf(name, spec.type)}" ...>`,
      );
    }
  }
}

function checkValue(value: string, type: AttrType): { what: string; hint: string } | undefined {
  switch (type.kind) {
    case 'string':
      return undefined;
    case 'enum':
      return type.values.includes(value.trim())
        ? undefined
        : { what: 'not one of the allowed values', hint: suggest(value, type.values, 'value') };
    case 'bool':
      return parseBool(value) === undefined ? { what: 'expected true or false', hint: 'write "true" or "false"' } : undefined;
    case 'int': {
      const n = parseInteger(value);
      const range = rangeText(type.min, type.max);
      if (n === undefined || (type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
        return { what: `expected a whole number${range}`, hint: `e.g. "${type.min !== undefined && type.min > 0 ? type.min : 1}"` };
      }
      return undefined;
    }
    case 'number': {
      const n = parseNumber(value);
      const bad = n === undefined || (type.positive === true && n <= 0) || (type.min !== undefined && n < type.min);
      return bad
        ? { what: `expected a number${type.positive ? ' greater than 0' : rangeText(type.min, undefined)}`, hint: 'e.g. "10" or "0.5"' }
        : undefined;
    }
    case 'number_or_var': {
      if (wholeVar(value) !== undefined) return undefined;
      const n = type.integer ? parseInteger(value) : parseNumber(value);
      const bad = n === undefined || (type.min !== undefined && n < type.min);
      const what = type.integer ? 'a whole number' : 'a number';
      return bad ? { what: `expected ${what}${rangeText(type.min, undefined)} or %%_var%%`, hint: 'e.g. "5" or "%%_delay%%"' } : undefined;
    }
  }
}

/**
 * A well-formed number must also be one a run can use (src/ranges.ts): a time fits Node's
 * timers once in milliseconds, a rate is at most a million users a second, a loop bound ends.
 */
function checkRange(el: XmlElement, value: string, spec: AttrSpec): { what: string; hint: string } | undefined {
  if (!spec.range || wholeVar(value) !== undefined) return undefined;
  const n = parseNumber(value);
  if (n === undefined) return undefined;
  const unit = el.attrs.unit?.trim() || 'second';
  const range = RANGES[spec.range];
  if (spec.measure === 'time') {
    const ms = toMs(n, unit);
    const problem = rangeProblem(ms, range);
    if (!problem) return undefined;
    const what =
      ms > range.max
        ? `${n} ${unit} is longer than Node's timers can wait (${range.max} ms, about 24.8 days)`
        : `${n} ${unit} is ${ms} ms: ${problem}`;
    return { what, hint: 'write a shorter time' };
  }
  if (spec.measure === 'rate') {
    const perSecond = n / (toMs(1, unit) / 1000);
    const problem = rangeProblem(perSecond, range);
    return problem
      ? { what: `${n} per ${unit} is ${perSecond} users per second: ${problem}`, hint: 'write a rate in that range' }
      : undefined;
  }
  const problem = rangeProblem(n, range);
  return problem ? { what: problem, hint: `write ${describeRange(range)}` } : undefined;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? ' (0 or more)' : ` of at least ${min}`;
  return '';
}

function exampleOf(name: string, type: AttrType): string {
  if (name === 'port') return '5222';
  if (type.kind === 'enum') return type.values.includes('second') ? 'second' : (type.values[0] ?? '...');
  if (type.kind === 'int' || type.kind === 'number' || type.kind === 'number_or_var') return '1';
  if (type.kind === 'bool') return 'true';
  return '...';
}

export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
