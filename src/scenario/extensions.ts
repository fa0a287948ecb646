import type { AttrSpec } from './tsung-schema.js';

/**
 * xload-only attributes: the single table of where xload extends Tsung's DTD. A Tsung
 * scenario never contains them; any other attribute Tsung does not know is an error.
 */
export interface Extension {
  element: string;
  attribute: string;
  spec: AttrSpec;
  doc: string;
}

export const SASL_MECHANISMS = [
  'PLAIN',
  'SCRAM-SHA-1',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'SCRAM-SHA-1-PLUS',
  'SCRAM-SHA-256-PLUS',
  'SCRAM-SHA-512-PLUS',
  'ANONYMOUS',
  'auto',
] as const;

/** Channel-binding types for SCRAM-*-PLUS (RFC 9266, RFC 5929); auto = by TLS version / XEP-0440. */
export const CHANNEL_BINDINGS = ['tls-exporter', 'tls-server-end-point', 'tls-unique', 'auto'] as const;

export const EXTENSIONS: readonly Extension[] = [
  {
    element: 'client',
    attribute: 'port',
    spec: { type: { kind: 'int', min: 1, max: 65535 } },
    doc: 'TCP port of the xload agent serving this client host (distributed mode)',
  },
  {
    element: 'jabber',
    attribute: 'mechanism',
    spec: { type: { kind: 'enum', values: SASL_MECHANISMS } },
    doc: 'SASL mechanism for type="auth_sasl" (Tsung always uses PLAIN); auto = strongest offered',
  },
  {
    element: 'jabber',
    attribute: 'channel_binding',
    spec: { type: { kind: 'enum', values: CHANNEL_BINDINGS } },
    doc: 'channel-binding type for SCRAM-*-PLUS on type="auth_sasl"; auto = advertised (XEP-0440), else tls-exporter on TLS 1.3, tls-unique before',
  },
  {
    element: 'session',
    attribute: 'run_once',
    spec: { type: { kind: 'bool' } },
    doc: 'run this session once, with one user, before the load starts (once across a cluster); needs probability="0"',
  },
];

export function extensionAttrs(element: string): Record<string, AttrSpec> {
  const out: Record<string, AttrSpec> = {};
  for (const e of EXTENSIONS) if (e.element === element) out[e.attribute] = e.spec;
  return out;
}
