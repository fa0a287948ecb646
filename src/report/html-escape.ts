/** Text for HTML element content or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON to embed in a <script> element: `<` is escaped so no string in the data (a scenario
 * path, an error class) can close the element or open a comment (HTML §4.12.1.3).
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Built once: toLocaleString builds an ICU formatter per call, ~25 ms of a small run's CPU
// for a report's few thousand cells (issue 17's profile of 300 idle users).
const INTEGER = new Intl.NumberFormat('en-US');
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A number for a table cell: integers grouped, others to 3 decimals. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return (Number.isInteger(x) ? INTEGER : DECIMAL).format(x);
}
