import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenarioText } from './index.js';
import { OverrideError, parseAssignments, parseServerOverride } from './overrides.js';
import { scenario } from '../../test/unit/scenario/minimal.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/scenarios');

describe('overrides', () => {
  it('parses --server HOST:PORT[:TYPE], IPv6 in brackets', () => {
    expect(parseServerOverride('127.0.0.1:5222')).toEqual({ host: '127.0.0.1', port: 5222, type: 'tcp', weight: 1 });
    expect(parseServerOverride('[::1]:5280:websocket')).toEqual({ host: '::1', port: 5280, type: 'websocket', weight: 1 });
    expect(() => parseServerOverride('h:0')).toThrow(OverrideError);
    expect(() => parseServerOverride('h:5222:http')).toThrow(/type must be one of tcp, ssl/);
  });

  it('parses NAME=VALUE lists', () => {
    expect(parseAssignments('--option', ['domain=a=b', 'passwd='])).toEqual({ domain: 'a=b', passwd: '' });
    expect(() => parseAssignments('--option', ['nodomain'])).toThrow(/--option nodomain: expected NAME=VALUE/);
  });

  it('replaces servers, sets options (typed ts_jabber as needed) and file_server paths before validation', () => {
    const text = scenario({
      servers: '',
      options: '<option type="ts_jabber" name="domain" value="example.org"/><option name="file_server" id="db" value="/nonexistent.csv"/>',
      body: '<setdynvars sourcetype="file" fileid="db"><var name="u"/></setdynvars><request><jabber type="connect" ack="no_ack"/></request>',
    });
    const r = compileScenarioText(text, {
      cwd: FIXTURES,
      overrides: {
        servers: [{ host: '127.0.0.1', port: 5223, type: 'tcp', weight: 1 }],
        options: { domain: 'localhost', userid_max: '100', connect_timeout: '2000' },
        fileServers: { db: 'users.csv', extra: 'vhosts.csv' },
      },
    });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.plan.servers).toEqual([{ host: '127.0.0.1', port: 5223, type: 'tcp', weight: 1 }]);
    expect(r.plan.options.jabber).toMatchObject({ domain: 'localhost', userIdMax: 100 });
    expect(r.plan.options.connectTimeoutMs).toBe(2000);
    expect(r.plan.options.fileServers).toEqual([
      { id: 'db', path: join(FIXTURES, 'users.csv') },
      { id: 'extra', path: join(FIXTURES, 'vhosts.csv') },
    ]);
  });

  it('validates overridden values like written ones', () => {
    const r = compileScenarioText(scenario(), { overrides: { options: { userid_max: 'many' }, fileServers: { db: '/nonexistent.csv' } } });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'option userid_max: value="many" is not a whole number of at least 0',
      'file_server "db": /nonexistent.csv does not exist or is not a file',
    ]);
  });
});
