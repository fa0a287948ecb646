import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { section } from './context.js';
import { DEFAULT_AGENT_PORT, type MonitorSpec, type MonitorType, type SnmpOidSpec } from './plan-monitor.js';
import { parseInteger } from './values.js';

/**
 * `<monitoring>` (issue 14): Tsung 1.7's form unchanged, plus xload's monitor types.
 *
 *     <monitoring>
 *       <monitor host="db1" type="snmp"><snmp version="v2" port="161" community="public"/></monitor>
 *       <monitor host="db1" type="munin" id="db1-munin"><munin port="4949"/></monitor>
 *       <monitor host="db1" type="erlang"/>  <!-- an xload agent --monitor-only on db1:7911 -->
 *       <monitor host="localhost" type="process" name="beam.smp"/>
 *       <monitor host="localhost" type="prometheus" url="http://127.0.0.1:5290/metrics"
 *                metrics="prosody_mod_c2s__connections prosody_mod_muc__live_room"/>
 *     </monitoring>
 *
 * validate-structure checks attributes and their types from monitoring-schema.ts; this file
 * checks what depends on the type, and that ids are unique.
 */
export function validateMonitoring(root: XmlElement, ctx: ValidationContext): void {
  const seen = new Map<string, XmlElement>();
  for (const m of monitorElements(root)) {
    const type = typeOf(m);
    for (const problem of typeProblems(m, type)) ctx.bag.error(problem.at, problem.what, problem.hint);
    const id = idOf(m, type);
    if (!ID.test(id)) {
      ctx.bag.error(
        attrPosOf(m, attr(m, 'id') !== undefined ? 'id' : 'host'),
        `monitor id "${id}" has characters a series name cannot hold`,
        'write id="..." with letters, digits, _ . : or -',
      );
    }
    const first = seen.get(id);
    if (first)
      ctx.bag.error(
        m.pos,
        `a second monitor named "${id}" (the first is at line ${first.pos.line})`,
        'give one of them its own id="..." (its series are named server.<id>.<series>)',
      );
    else seen.set(id, m);
  }
}

/** Monitors as plan data, in document order; Tsung's defaults filled in. */
export function compileMonitors(root: XmlElement): MonitorSpec[] {
  return monitorElements(root).map((m) => {
    const type = typeOf(m);
    const base = { id: idOf(m, type), host: attr(m, 'host') ?? '', pos: m.pos };
    switch (type) {
      case 'process': {
        const pid = parseInteger(attr(m, 'pid'));
        const name = attr(m, 'name');
        return { type, ...base, ...(name !== undefined ? { name } : {}), ...(pid !== undefined ? { pid } : {}) };
      }
      case 'host':
        return { type, ...base };
      case 'erlang':
        return { type, ...base, port: parseInteger(attr(m, 'port')) ?? DEFAULT_AGENT_PORT };
      case 'snmp': {
        const s = childrenNamed(m, 'snmp')[0];
        // ts_config:parse/2 for <snmp>: port 161, community "public", version v1.
        return {
          type,
          ...base,
          port: parseInteger(s && attr(s, 'port')) ?? 161,
          community: (s && attr(s, 'community')) ?? 'public',
          version: (s && attr(s, 'version')) === 'v2' ? 'v2' : 'v1',
          oids: (s ? childrenNamed(s, 'oid') : []).map(compileOid),
        };
      }
      case 'munin': {
        const mu = childrenNamed(m, 'munin')[0];
        return { type, ...base, port: parseInteger(mu && attr(mu, 'port')) ?? 4949 };
      }
      case 'prometheus':
        return { type, ...base, url: attr(m, 'url') ?? '', metrics: metricList(attr(m, 'metrics')) };
      case 'ejabberd':
        return { type, ...base, url: (attr(m, 'url') ?? '').replace(/\/+$/, '') };
    }
  });
}

const ID = /^[A-Za-z0-9_.:-]+$/;
const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const ATTRS_BY_TYPE: Record<string, readonly MonitorType[]> = {
  name: ['process'],
  pid: ['process'],
  url: ['prometheus', 'ejabberd'],
  metrics: ['prometheus'],
  port: ['erlang'],
};
const CHILD_BY_TYPE: Record<string, MonitorType> = { snmp: 'snmp', munin: 'munin' };

interface Problem {
  at: { line: number; col: number };
  what: string;
  hint: string;
}

function typeProblems(m: XmlElement, type: MonitorType): Problem[] {
  const out: Problem[] = [];
  for (const [name, types] of Object.entries(ATTRS_BY_TYPE)) {
    if (attr(m, name) !== undefined && !types.includes(type)) {
      out.push({
        at: attrPosOf(m, name),
        what: `attribute ${name} on a type="${type}" monitor has no effect`,
        hint: `${name}= belongs to type="${types.join('" or type="')}"`,
      });
    }
  }
  for (const child of m.children) {
    const wants = CHILD_BY_TYPE[child.name];
    if (wants && wants !== type)
      out.push({
        at: child.pos,
        what: `<${child.name}> inside a type="${type}" monitor`,
        hint: `<${child.name}> configures a type="${wants}" monitor`,
      });
  }
  for (const name of ['snmp', 'munin']) {
    const extra = childrenNamed(m, name)[1];
    if (extra) out.push({ at: extra.pos, what: `a second <${name}> in one monitor`, hint: 'keep one' });
  }
  const host = attr(m, 'host') ?? '';
  if ((type === 'process' || type === 'host') && host !== '' && !LOCAL_HOSTS.test(host)) {
    out.push({
      at: attrPosOf(m, 'host'),
      what: `a type="${type}" monitor reads this machine's /proc, not ${host}'s`,
      hint: 'write host="localhost"; for another machine use type="snmp", "munin" or "erlang"',
    });
  }
  if (type === 'process' && (attr(m, 'name') === undefined) === (attr(m, 'pid') === undefined)) {
    out.push({
      at: m.pos,
      what: 'a type="process" monitor needs exactly one of name= or pid=',
      hint: 'e.g. <monitor host="localhost" type="process" name="beam.smp"/>',
    });
  }
  if (type === 'prometheus' || type === 'ejabberd') {
    const url = attr(m, 'url');
    if (url === undefined)
      out.push({
        at: m.pos,
        what: `a type="${type}" monitor needs url=`,
        hint: type === 'prometheus' ? 'e.g. url="http://127.0.0.1:5290/metrics"' : 'e.g. url="http://127.0.0.1:5280/api"',
      });
    else if (!isHttpUrl(url))
      out.push({
        at: attrPosOf(m, 'url'),
        what: `url="${url}" is not an http:// or https:// URL`,
        hint: 'e.g. url="http://127.0.0.1:9100/metrics"',
      });
  }
  if (type === 'prometheus' && metricList(attr(m, 'metrics')).length === 0) {
    out.push({
      at: attr(m, 'metrics') === undefined ? m.pos : attrPosOf(m, 'metrics'),
      what: 'a type="prometheus" monitor needs the metric names to keep',
      hint: 'write metrics="name1 name2" (spaces or commas between names)',
    });
  }
  return out;
}

function compileOid(o: XmlElement): SnmpOidSpec {
  const t = attr(o, 'type') ?? 'sample';
  return { oid: (attr(o, 'value') ?? '').replace(/^\./, ''), name: attr(o, 'name') ?? '', kind: t === 'sample' ? 'gauge' : 'rate' };
}

function typeOf(m: XmlElement): MonitorType {
  return (attr(m, 'type') ?? 'erlang') as MonitorType;
}

function idOf(m: XmlElement, type: MonitorType): string {
  const id = attr(m, 'id');
  if (id !== undefined) return id;
  if (type === 'process') return attr(m, 'name') ?? `pid${attr(m, 'pid') ?? ''}`;
  return attr(m, 'host') ?? '';
}

function metricList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function monitorElements(root: XmlElement): XmlElement[] {
  const s = section(root, 'monitoring');
  return s ? childrenNamed(s, 'monitor') : [];
}
