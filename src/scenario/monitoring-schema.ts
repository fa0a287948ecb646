import type { ElementSpec } from './tsung-schema.js';

/** Tsung's monitor types plus xload's (issue 14); the default is Tsung's, erlang. */
export const MONITOR_TYPES = ['erlang', 'snmp', 'munin', 'process', 'host', 'prometheus', 'ejabberd'] as const;

const S = { type: { kind: 'string' } } as const;

/**
 * `<monitoring>` as Tsung 1.7's DTD writes it (monitor host/type/batch, snmp, oid, munin),
 * plus xload's attributes on `<monitor>`: id (series name), name/pid (type="process"),
 * url (prometheus, ejabberd), metrics (prometheus), port (erlang: the monitor-only agent's).
 * Semantic rules: monitoring.ts.
 */
export const MONITORING_SCHEMA: Readonly<Record<string, ElementSpec>> = {
  monitoring: { attrs: {}, children: ['monitor'] },
  monitor: {
    attrs: {
      host: { ...S, required: true },
      type: { type: { kind: 'enum', values: MONITOR_TYPES } },
      batch: { type: { kind: 'bool' }, unsupported: 'list each host as its own <monitor host="...">' },
      id: S,
      name: S,
      pid: { type: { kind: 'int', min: 1 } },
      url: S,
      metrics: S,
      port: { type: { kind: 'int', min: 1, max: 65535 } },
    },
    children: ['snmp', 'munin', 'mysqladmin'],
  },
  snmp: {
    attrs: {
      version: { type: { kind: 'enum', values: ['v1', 'v2'] } },
      community: S,
      port: { type: { kind: 'int', min: 1, max: 65535 } },
    },
    children: ['oid'],
  },
  oid: {
    attrs: {
      value: { ...S, required: true },
      name: { ...S, required: true },
      type: { type: { kind: 'enum', values: ['sample', 'counter', 'sample_counter'] } },
      eval: { ...S, unsupported: 'an Erlang fun cannot run in xload: keep the raw value (drop eval)' },
    },
    children: [],
  },
  munin: { attrs: { port: { type: { kind: 'int', min: 1, max: 65535 } } }, children: [] },
  mysqladmin: {
    attrs: { port: S, username: S, password: S },
    children: [],
    unsupported: 'xload has no mysqladmin monitor: use type="prometheus" with mysqld_exporter\'s url',
  },
};
