/**
 * Tsung's pubsub node naming and node options (ts_jabber_common.erl): a node name is
 * relative to the user's hierarchy `/home/<domain>/<user>/<node>` unless it starts with
 * '/', and no node at all means an instant node (XEP-0060 §8.1.2) on create, or the
 * user's root on subscribe. The `data` attribute of pubsub:create is an Erlang list of
 * {field, value} tuples turned into x:data fields (XEP-0004), e.g.
 * `[{pubsub#max_items, 10}, {pubsub#deliver_payloads, true}]`.
 */
import { escapeAttr, escapeXml } from '../../../xmpp/index.js';

/** The node attribute text (with its leading space), or '' for none. */
export function nodeAttr(node: string | undefined, domain: string, user: string): string {
  if (node === undefined) return '';
  if (node === 'user_root') return ` node='/home/${escapeAttr(domain)}/${escapeAttr(user)}'`;
  if (node.startsWith('/')) return ` node='${escapeAttr(node)}'`;
  if (node === '') return ` node='/home/${escapeAttr(domain)}/${escapeAttr(user)}/'`;
  return ` node='/home/${escapeAttr(domain)}/${escapeAttr(user)}/${escapeAttr(node)}'`;
}

/**
 * x:data `<field>`s from Tsung's Erlang-term option list; values may be atoms, numbers,
 * quoted strings, or lists of those. Returns null when the text is not such a list.
 */
export function nodeOptionFields(data: string): string | null {
  const t = data.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  const body = t.slice(1, -1).trim();
  if (body === '') return '';
  const tuples = body.match(/\{\s*('[^']*'|[^,{}]+?)\s*,\s*(\[[^\]]*\]|'[^']*'|"[^"]*"|[^{}]+?)\s*\}/g);
  if (!tuples) return null;
  let out = '';
  for (const tup of tuples) {
    const m = /^\{\s*('[^']*'|[^,{}]+?)\s*,\s*([\s\S]*?)\s*\}$/.exec(tup);
    if (!m) return null;
    const field = unquote(m[1]!);
    const raw = m[2]!;
    const values = raw.startsWith('[')
      ? raw
          .slice(1, -1)
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      : [raw];
    out += `<field var='${escapeAttr(field)}'>${values.map((v) => `<value>${escapeXml(unquote(v))}</value>`).join('')}</field>`;
  }
  return out;
}

function unquote(v: string): string {
  const s = v.trim();
  if ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"'))) return s.slice(1, -1);
  return s;
}
