import type { XmlElement } from './ast.js';
import { attr, childrenNamed } from './ast.js';
import type { DiagnosticBag } from './diagnostics.js';
import { DEFAULTS } from './options-table.js';

/** What the semantic validators share: where to report, and facts gathered once. */
export interface ValidationContext {
  bag: DiagnosticBag;
  /** Folder that relative file_server paths are resolved against (the scenario's). */
  baseDir: string;
  /** file_server ids declared in `<options>`. */
  fileIds: Set<string>;
  /** Names of `<session>`s. */
  sessionNames: Set<string>;
  /** Servers come from the command line, so `<servers>` may be absent. */
  serversOverridden: boolean;
}

export function section(root: XmlElement, name: string): XmlElement | undefined {
  return root.children.find((c) => c.name === name);
}

export function optionElements(root: XmlElement): XmlElement[] {
  const opts = section(root, 'options');
  return opts ? childrenNamed(opts, 'option') : [];
}

export function sessionElements(root: XmlElement): XmlElement[] {
  const s = section(root, 'sessions');
  return s ? childrenNamed(s, 'session') : [];
}

export function buildContext(root: XmlElement, bag: DiagnosticBag, baseDir: string, serversOverridden: boolean): ValidationContext {
  const fileIds = new Set<string>();
  for (const o of optionElements(root)) {
    if (attr(o, 'name') === 'file_server') fileIds.add(attr(o, 'id') ?? DEFAULTS.fileServerId);
  }
  const sessionNames = new Set<string>();
  for (const s of sessionElements(root)) {
    const n = attr(s, 'name');
    if (n !== undefined) sessionNames.add(n);
  }
  return { bag, baseDir, fileIds, sessionNames, serversOverridden };
}
