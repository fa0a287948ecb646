/** What a story client sent and received, in order, for failure messages. */

export interface HistoryEntry {
  readonly dir: 'in' | 'out';
  /** ms since the client logged in. */
  readonly atMs: number;
  readonly xml: string;
}

/** The last `max` entries, one a line, e.g. `  +12ms <- <message .../>`. */
export function formatHistory(name: string, entries: readonly HistoryEntry[], max = 40): string {
  const shown = entries.slice(-max);
  const head = `stanza history of ${name} (${entries.length} stanzas${entries.length > max ? `, last ${max} shown` : ''}):`;
  const lines = shown.map((e) => `  +${Math.round(e.atMs)}ms ${e.dir === 'in' ? '<-' : '->'} ${e.xml}`);
  return [head, ...(lines.length > 0 ? lines : ['  (none)'])].join('\n');
}
