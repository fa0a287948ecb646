import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { COMPARISONS } from './tsung-schema.js';
import { validateJabberRequest } from './validate-jabber.js';
import { pcreToJs } from './regex.js';
import { parseInteger, parseNumber, wholeVar } from './values.js';
import { checkSeconds } from './validate-options.js';
import { RANGES, rangeProblem } from '../ranges.js';
import { validateStory } from './validate-story.js';

/** Session body elements: loops, conditions, thinktimes, dynvars, requests (recursively). */
export function validateBody(container: XmlElement, ctx: ValidationContext): void {
  for (const el of container.children) {
    switch (el.name) {
      case 'request':
        validateJabberRequest(el, ctx);
        break;
      case 'thinktime':
        validateThinktime(el, ctx);
        break;
      case 'setdynvars':
        validateSetDynVars(el, ctx);
        break;
      case 'if':
        validateComparison(el, ctx);
        break;
      case 'repeat':
        validateRepeat(el, ctx);
        break;
      case 'foreach':
        validateForeach(el, ctx);
        break;
      case 'for':
        validateFor(el, ctx);
        break;
      case 'set_option':
        validateSetOption(el, ctx);
        break;
      case 'story':
        validateStory(el, ctx);
        break;
      case 'while':
      case 'until':
        if (container.name !== 'repeat' || container.children.at(-1) !== el) {
          ctx.bag.error(el.pos, `<${el.name}> must be the last element of a <repeat>`, `move it to the end of the <repeat> body`);
        }
        validateComparison(el, ctx);
        break;
    }
    if (['transaction', 'for', 'repeat', 'if', 'foreach'].includes(el.name)) validateBody(el, ctx);
  }
}

function validateThinktime(el: XmlElement, ctx: ValidationContext): void {
  const value = attr(el, 'value');
  const min = attr(el, 'min');
  const max = attr(el, 'max');
  if (value !== undefined && (min !== undefined || max !== undefined)) {
    ctx.bag.error(el.pos, '<thinktime> has both value and min/max', 'write value="5" (optionally random="true"), or min="1" max="5"');
    return;
  }
  if (min !== undefined || max !== undefined) {
    const lo = parseNumber(min);
    const hi = parseNumber(max);
    // ts_config: {Min, Max} when Max > 0, Min > 0, Max > Min, else bad_thinktime.
    if (lo === undefined || hi === undefined || lo <= 0 || hi <= lo) {
      ctx.bag.error(el.pos, '<thinktime> min and max must both be set, with 0 < min < max', 'e.g. <thinktime min="1" max="5"/>');
    }
    return;
  }
  if (value === undefined || value === 'wait_bidi' || value === 'wait_global' || wholeVar(value) !== undefined) return;
  const n = parseNumber(value);
  if (n === undefined || n < 0) {
    ctx.bag.error(
      attrPosOf(el, 'value'),
      `<thinktime value="${value}"> is not a number of seconds`,
      'write e.g. value="2", value="%%_delay%%", "wait_bidi" or "wait_global"',
    );
  } else checkSeconds(el, 'value', n, ctx);
}

function validateSetDynVars(el: XmlElement, ctx: ValidationContext): void {
  const source = attr(el, 'sourcetype');
  const at = attrPosOf(el, 'sourcetype');
  if (childrenNamed(el, 'var').length === 0) ctx.bag.error(el.pos, '<setdynvars> sets no variable', 'add <var name="x"/> inside it');
  switch (source) {
    case 'erlang':
    case 'eval':
      ctx.bag.error(
        at,
        `sourcetype="${source}" runs Erlang code, which xload cannot`,
        'use random_number, random_string, urandom_string, file or value',
      );
      return;
    case 'jsonpath':
    case 'server':
      ctx.bag.error(
        at,
        `sourcetype="${source}" is not supported by xload`,
        'use random_number, random_string, urandom_string, file or value',
      );
      return;
    case 'file': {
      const id = attr(el, 'fileid');
      if (id === undefined) ctx.bag.error(el.pos, 'sourcetype="file" needs fileid', 'write fileid="ID" naming a file_server option');
      else if (!ctx.fileIds.has(id))
        ctx.bag.error(
          attrPosOf(el, 'fileid'),
          `no file_server has id "${id}"`,
          `add <option name="file_server" id="${id}" value="data.csv"/>`,
        );
      return;
    }
    case 'random_number': {
      const lo = parseInteger(attr(el, 'start') ?? '1');
      const hi = parseInteger(attr(el, 'end') ?? '10');
      if (lo !== undefined && hi !== undefined && lo > hi)
        ctx.bag.error(el.pos, `random_number start=${lo} is above end=${hi}`, 'swap them');
      return;
    }
  }
}

function validateComparison(el: XmlElement, ctx: ValidationContext): void {
  const present = COMPARISONS.filter((c) => attr(el, c) !== undefined);
  if (present.length !== 1) {
    ctx.bag.error(
      el.pos,
      `<${el.name}> needs exactly one of ${COMPARISONS.join(', ')}${present.length ? ` (has ${present.join(', ')})` : ''}`,
      `e.g. <${el.name} var="x" eq="done">`,
    );
  }
}

function validateRepeat(el: XmlElement, ctx: ValidationContext): void {
  const last = el.children.at(-1);
  if (!last || (last.name !== 'while' && last.name !== 'until')) {
    ctx.bag.error(el.pos, '<repeat> must end with <while> or <until>', 'add e.g. <until var="done" eq="true"/> as its last element');
  }
}

function validateForeach(el: XmlElement, ctx: ValidationContext): void {
  if (attr(el, 'include') !== undefined && attr(el, 'exclude') !== undefined) {
    ctx.bag.error(el.pos, '<foreach> has both include and exclude', 'keep one of them');
  }
  for (const a of ['include', 'exclude']) {
    const re = attr(el, a);
    if (re === undefined) continue;
    const r = pcreToJs(re);
    if (!r.ok) ctx.bag.error(attrPosOf(el, a), `${a}: ${r.message}`, r.hint);
  }
}

function validateFor(el: XmlElement, ctx: ValidationContext): void {
  const incr = parseInteger(attr(el, 'incr'));
  if (incr === 0) ctx.bag.error(attrPosOf(el, 'incr'), '<for incr="0"> never ends', 'write incr="1"');
}

function validateSetOption(el: XmlElement, ctx: ValidationContext): void {
  const name = attr(el, 'name');
  if (name === 'connect_timeout') {
    const n = parseInteger(attr(el, 'value'));
    const problem = n === undefined ? undefined : rangeProblem(n, RANGES.milliseconds);
    if (n === undefined || n < 0)
      ctx.bag.error(attrPosOf(el, 'value'), 'set_option connect_timeout needs value in milliseconds', 'e.g. value="5000"');
    else if (problem) ctx.bag.error(attrPosOf(el, 'value'), `set_option connect_timeout: value ${problem}`, 'write a shorter timeout');
  } else if (name === 'certificate') {
    if (childrenNamed(el, 'certificate').length !== 1)
      ctx.bag.error(el.pos, 'set_option certificate needs one <certificate> inside', 'write <certificate certfile="..." keyfile="..."/>');
  } else if (name === 'rate_limit') {
    ctx.bag.error(el.pos, 'set_option rate_limit is not supported by xload', 'remove it (xload does not shape bandwidth)');
  } else if (name !== undefined) {
    ctx.bag.error(
      attrPosOf(el, 'name'),
      `set_option name="${name}" is unknown`,
      'Tsung accepts connect_timeout, certificate and rate_limit here',
    );
  }
}
