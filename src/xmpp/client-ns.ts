/**
 * RFC 7395 §3.3.3 and XEP-0206 §8: over WebSocket and BOSH each stanza stands alone (no
 * enclosing `<stream:stream>` gives it a default namespace), so it must declare
 * `jabber:client` itself; Prosody enforces it. The templates omit it for TCP, where the
 * stream header declares it: these transports add it to the start tag when it is missing.
 */
const STANZAS = ['<message', '<presence', '<iq'];

export function withClientNs(data: string): string {
  let out = '';
  let pos = 0;
  // A send may carry several stanzas (raw requests); only top-level ones start at `pos`.
  while (pos < data.length) {
    const name = STANZAS.find((s) => data.startsWith(s, pos) && /[\s/>]/.test(data[pos + s.length] ?? ''));
    const end = nextTopLevel(data, pos);
    const piece = data.slice(pos, end);
    if (name) {
      const tagEnd = piece.indexOf('>');
      const head = piece.slice(0, tagEnd);
      out += /\sxmlns=/.test(head) ? piece : `${name} xmlns='jabber:client'${piece.slice(name.length)}`;
    } else out += piece;
    pos = end;
  }
  return out;
}

/** End of the top-level element starting at `from` (templates are well formed). */
function nextTopLevel(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return s.length;
    const gt = s.indexOf('>', lt);
    if (gt < 0) return s.length;
    const closing = s[lt + 1] === '/';
    const selfClosed = s[gt - 1] === '/';
    if (lt > from && depth === 0) return lt;
    if (closing) depth--;
    else if (!selfClosed && s[lt + 1] !== '?' && s[lt + 1] !== '!') depth++;
    i = gt + 1;
    if (depth === 0) return i;
  }
  return s.length;
}
