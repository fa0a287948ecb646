/**
 * Node's own warnings (deprecations in a dependency, a timer past 2^31-1 ms, too many
 * listeners) would print as `(node:1234) Warning: ...` plus a hint about --trace-warnings:
 * noise to a user, and a sign of an xload bug in the timer case. They become one `xload:`
 * line each (once per kind), or nothing for the known harmless ones.
 */

/** Warnings that say nothing a user can act on: deprecations and experiments inside dependencies. */
const SILENT = new Set(['DeprecationWarning', 'ExperimentalWarning']);

export interface WarningTarget {
  on(event: 'warning', listener: (w: Error) => void): unknown;
  removeAllListeners(event: 'warning'): unknown;
}

/** Replaces Node's default printer; returns the one-line text for a warning, or null when silent. */
export function warningLine(w: Error): string | null {
  if (SILENT.has(w.name)) return null;
  if (w.name === 'TimeoutOverflowWarning') {
    return 'xload: warning: a timer was asked to wait longer than 24.8 days and fires at once instead; this is a bug in xload (please report it with the scenario)';
  }
  if (w.name === 'MaxListenersExceededWarning')
    return 'xload: warning: many listeners on one emitter (possible leak in xload; please report it)';
  return `xload: warning: ${w.name}: ${w.message.split('\n')[0]}`;
}

export function installWarningHandler(proc: WarningTarget, stderr: { write(s: string): unknown }): void {
  proc.removeAllListeners('warning');
  const said = new Set<string>();
  proc.on('warning', (w) => {
    const line = warningLine(w);
    if (line === null || said.has(line)) return;
    said.add(line);
    stderr.write(`${line}\n`);
  });
}
