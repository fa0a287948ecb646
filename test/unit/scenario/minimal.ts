import { compileScenarioText, type CompileResult } from '../../../src/scenario/index.js';
import type { Diagnostic } from '../../../src/scenario/diagnostics.js';

/** Parts of a scenario a test replaces; the rest is a small valid XMPP scenario. */
export interface Parts {
  tsungAttrs?: string;
  clients?: string;
  servers?: string;
  load?: string;
  options?: string;
  sessions?: string;
  /** Body of the single default session (ignored when `sessions` is given). */
  body?: string;
}

export const BODY = '<request><jabber type="connect" ack="no_ack"/></request>';

/** A scenario whose line numbers are stable: each part starts on its own line. */
export function scenario(p: Parts = {}): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">',
    `<tsung loglevel="notice" version="1.0"${p.tsungAttrs ? ` ${p.tsungAttrs}` : ''}>`,
    `<clients>${p.clients ?? '<client host="localhost" use_controller_vm="true"/>'}</clients>`,
    `<servers>${p.servers ?? '<server host="127.0.0.1" port="5222" type="tcp"/>'}</servers>`,
    `<load>${p.load ?? '<arrivalphase phase="1" duration="1" unit="minute"><users arrivalrate="2" unit="second"/></arrivalphase>'}</load>`,
    `<options>${p.options ?? ''}</options>`,
    '<sessions>',
    p.sessions ?? `<session name="s" probability="100" type="ts_jabber">\n${p.body ?? BODY}\n</session>`,
    '</sessions>',
    '</tsung>',
  ].join('\n');
}

/** Line of the first line of `sessions`/`body` in scenario() output. */
export const SESSIONS_LINE = 9;
export const BODY_LINE = 10;

export function compile(p: Parts | string, cwd = '/tmp'): CompileResult {
  return compileScenarioText(typeof p === 'string' ? p : scenario(p), { file: 'test.xml', cwd, baseDir: cwd });
}

export function errors(r: CompileResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

export function warnings(r: CompileResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'warning');
}

/** The plan, failing the test with the diagnostics when there is none. */
export function planOf(r: CompileResult): Extract<CompileResult, { ok: true }>['plan'] {
  if (!r.ok) throw new Error(`expected a plan, got:\n${r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}; ${d.hint}`).join('\n')}`);
  return r.plan;
}
