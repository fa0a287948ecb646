import { resolve } from 'node:path';
import type { XmlElement } from './ast.js';
import { attr, makeElement } from './ast.js';
import { OPTIONS, DEFAULTS } from './options-table.js';
import { SERVER_TYPES } from './tsung-schema.js';
import type { ServerSpec, ServerType } from './plan.js';
import { XloadError } from '../errors.js';

/** What `start` (and `check`) may replace from the command line, so Tsung's examples run here. */
export interface ScenarioOverrides {
  /** Replace `<servers>` entirely. */
  servers?: ServerSpec[];
  /** Option name → value (e.g. `domain`), as if written in `<options>`. */
  options?: Record<string, string>;
  /** file_server id → path (relative to the current directory). */
  fileServers?: Record<string, string>;
}

/** A command-line override that does not parse; its message is for the user. */
export class OverrideError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * Returns a tree with option and file_server overrides applied (the input is not
 * changed), so the overridden values go through the same validation as written ones.
 */
export function applyOverrides(root: XmlElement, ov: ScenarioOverrides, cwd: string): XmlElement {
  const opts = Object.entries(ov.options ?? {});
  const files = Object.entries(ov.fileServers ?? {});
  if (opts.length === 0 && files.length === 0) return root;
  let section = root.children.find((c) => c.name === 'options');
  const pos = section?.pos ?? root.pos;
  const children = section ? [...section.children] : [];
  for (const [name, value] of opts) {
    const i = children.findIndex((c) => c.name === 'option' && attr(c, 'name') === name);
    const type: Record<string, string> =
      (Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined)?.scope === 'jabber' ? { type: 'ts_jabber' } : {};
    const base = i >= 0 ? children[i] : undefined;
    const el = makeElement('option', { ...(base?.attrs ?? {}), ...type, name, value }, base?.pos ?? pos);
    if (i >= 0) children[i] = el;
    else children.push(el);
  }
  for (const [id, path] of files) {
    const i = children.findIndex(
      (c) => c.name === 'option' && attr(c, 'name') === 'file_server' && (attr(c, 'id') ?? DEFAULTS.fileServerId) === id,
    );
    const el = makeElement('option', { name: 'file_server', id, value: resolve(cwd, path) }, children[i]?.pos ?? pos);
    if (i >= 0) children[i] = el;
    else children.push(el);
  }
  section = section ? { ...section, children } : { ...makeElement('options', {}, pos), children };
  const hasOptions = root.children.some((c) => c.name === 'options');
  const rootChildren = hasOptions ? root.children.map((c) => (c.name === 'options' ? section : c)) : insertOptions(root.children, section);
  return { ...root, children: rootChildren };
}

function insertOptions(children: XmlElement[], options: XmlElement): XmlElement[] {
  const i = children.findIndex((c) => c.name === 'sessions');
  return i < 0 ? [...children, options] : [...children.slice(0, i), options, ...children.slice(i)];
}

/** `HOST:PORT[:TYPE]` (type defaults to tcp); `[v6]:PORT[:TYPE]` for IPv6 literals. */
export function parseServerOverride(text: string): ServerSpec {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)(?::([a-z_0-9]+))?$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  const type = (m?.[3] ?? 'tcp') as ServerType;
  if (!m || !m[1] || port < 1 || port > 65535)
    throw new OverrideError(`--server ${text}: expected HOST:PORT[:TYPE], e.g. 127.0.0.1:5222:tcp`);
  if (!(SERVER_TYPES as readonly string[]).includes(type))
    throw new OverrideError(`--server ${text}: type must be one of ${SERVER_TYPES.join(', ')}`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port, type, weight: 1 };
}

/** `NAME=VALUE` pairs (for --option and --file-server). */
export function parseAssignments(flag: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new OverrideError(`${flag} ${item}: expected NAME=VALUE`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
