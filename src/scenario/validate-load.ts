import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { section } from './context.js';
import { suggest } from './did-you-mean.js';
import { parseInteger, parseNumber } from './values.js';

/** Top-level sections, clients, servers and `<load>`: what the DTD and Tsung's loader require. */
export function validateLoad(root: XmlElement, ctx: ValidationContext): void {
  const { bag } = ctx;
  const required: [string, string][] = [
    ['clients', '<clients><client host="localhost" use_controller_vm="true"/></clients>'],
    ['load', '<load><arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="1" unit="second"/></arrivalphase></load>'],
    ['sessions', '<sessions><session name="s" probability="100" type="ts_jabber">...</session></sessions>'],
  ];
  if (!ctx.serversOverridden) required.splice(1, 0, ['servers', '<servers><server host="127.0.0.1" port="5222" type="tcp"/></servers>']);
  for (const [name, example] of required) {
    const el = section(root, name);
    if (!el) bag.error(root.pos, `<tsung> lacks <${name}>`, `add ${example}`);
    else if (el.children.length === 0) bag.error(el.pos, `<${name}> is empty`, `write ${example}`);
  }
  for (const name of ['clients', 'servers', 'load', 'options', 'sessions', 'monitoring', 'information']) {
    const all = root.children.filter((c) => c.name === name);
    for (const extra of all.slice(1))
      bag.error(extra.pos, `a second <${name}> section`, `merge it into the one at line ${all[0]?.pos.line}`);
  }
  const clients = section(root, 'clients');
  for (const c of clients ? childrenNamed(clients, 'client') : []) {
    if (attr(c, 'host') === undefined && attr(c, 'type') !== 'batch')
      bag.error(c.pos, '<client> lacks host', 'write <client host="localhost" use_controller_vm="true"/>');
  }
  const load = section(root, 'load');
  if (load) validatePhases(load, ctx);
}

function validatePhases(load: XmlElement, ctx: ValidationContext): void {
  const { bag } = ctx;
  const phases = new Map<number, XmlElement>();
  for (const ph of childrenNamed(load, 'arrivalphase')) {
    const n = parseInteger(attr(ph, 'phase'));
    if (n !== undefined) {
      const prev = phases.get(n);
      if (prev)
        bag.error(
          attrPosOf(ph, 'phase'),
          `phase ${n} is defined twice (first at line ${prev.pos.line})`,
          'number each arrivalphase differently',
        );
      else phases.set(n, ph);
    }
    const users = childrenNamed(ph, 'users');
    if (users.length !== 1) {
      bag.error(
        users[1]?.pos ?? ph.pos,
        users.length === 0 ? '<arrivalphase> lacks <users>' : '<arrivalphase> has more than one <users>',
        'write one <users arrivalrate="10" unit="second"/> per phase',
      );
    }
    for (const u of users) {
      const rate = attr(u, 'arrivalrate');
      const inter = attr(u, 'interarrival');
      if ((rate === undefined) === (inter === undefined)) {
        bag.error(
          u.pos,
          rate === undefined ? '<users> needs arrivalrate or interarrival' : '<users> has both arrivalrate and interarrival',
          'write one of them, e.g. <users arrivalrate="10" unit="second"/>',
        );
      }
    }
    validateSessionSetup(ph, ctx);
  }
  for (const u of childrenNamed(load, 'user')) {
    const s = attr(u, 'session');
    if (s !== undefined && !ctx.sessionNames.has(s)) {
      bag.error(attrPosOf(u, 'session'), `<user session="${s}">: no session has that name`, suggest(s, [...ctx.sessionNames], 'value'));
    }
  }
}

function validateSessionSetup(ph: XmlElement, ctx: ValidationContext): void {
  const setups = childrenNamed(ph, 'session_setup');
  if (setups.length === 0) return;
  let total = 0;
  let usesProbability = false;
  for (const s of setups) {
    const name = attr(s, 'name');
    if (name !== undefined && !ctx.sessionNames.has(name)) {
      ctx.bag.error(
        attrPosOf(s, 'name'),
        `<session_setup name="${name}">: no session has that name`,
        suggest(name, [...ctx.sessionNames], 'value'),
      );
    }
    const p = attr(s, 'probability');
    const w = attr(s, 'weight');
    if ((p === undefined) === (w === undefined))
      ctx.bag.error(s.pos, '<session_setup> needs probability or weight (one of them)', 'e.g. probability="50"');
    if (p !== undefined) usesProbability = true;
    total += parseNumber(p ?? w) ?? 0;
  }
  if (usesProbability && Math.abs(total - 100) >= 0.05) {
    ctx.bag.error(
      ph.pos,
      `session_setup probabilities in phase ${attr(ph, 'phase') ?? '?'} sum to ${round(total)}, not 100`,
      'adjust them to sum to 100, or use weight="..." instead',
    );
  }
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
