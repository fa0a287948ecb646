/**
 * HTTP monitors (issue 14): prometheus against Prosody's mod_http_openmetrics
 * (127.0.0.1:5290/metrics), ejabberd against its HTTP API (127.0.0.1:5280/api), and
 * unreachable endpoints. Users: user1981, user1982 on ejabberd (read-only logins).
 */
import { client, type XmlElement, type XmppClient } from '@xmpp/client';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitorSet, MonitorUnreachableError } from '../../src/monitor/index.js';
import { EjabberdMonitor } from '../../src/monitor/ejabberd.js';
import { PrometheusMonitor } from '../../src/monitor/prometheus.js';
import { EJABBERD, PROSODY, password, username } from './servers.js';
import { spec } from './monitor-fixture.js';

const METRICS = `http://${PROSODY.host}:${PROSODY.httpPort}/metrics`;
const API = `http://${EJABBERD.host}:${EJABBERD.httpPort}/api`;

const open: XmppClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop().catch(() => undefined)));
});

async function login(n: number): Promise<void> {
  const c = client({
    service: `xmpp://${EJABBERD.host}:${EJABBERD.port}`,
    domain: EJABBERD.domain,
    resource: 'monitor-it',
    username: username(n),
    password: password(n),
  });
  // Plain TCP as load tests use it: hide STARTTLS so @xmpp/client does not upgrade.
  c.prependListener('element', (el: XmlElement) => {
    if (el.is('features', 'http://etherx.jabber.org/streams'))
      el.children = el.children.filter((ch) => typeof ch === 'string' || ch.name !== 'starttls');
  });
  c.on('error', () => undefined);
  open.push(c);
  await c.start();
}

describe('prometheus monitor', () => {
  it("keeps the listed metrics of Prosody's /metrics, with their values as exposed", async () => {
    const m = new PrometheusMonitor({
      ...spec('prometheus', { url: METRICS, metrics: ['prosody_stats_collection_seconds_count', 'prosody_mod_muc__room_hit'] }),
      id: 'prosody',
    });
    await m.open();
    const a = await m.sample();
    const b = await m.sample();
    // Prosody gathers its statistics once per scrape (statistics_interval = "manual").
    const count = 'prosody_stats_collection_seconds_count';
    expect(b[count]).toBe((a[count] ?? NaN) + 1);
    expect(b['prosody_mod_muc__room_hit_total{host="conference.localhost"}']).toBeTypeOf('number');
    expect(
      Object.keys(b).every((k) => k.startsWith('prosody_stats_collection_seconds_count') || k.startsWith('prosody_mod_muc__room_hit')),
    ).toBe(true);
  });

  it('an endpoint without the listed metrics, or without a server, is monitor_unreachable', async () => {
    const none = new PrometheusMonitor({ ...spec('prometheus', { url: METRICS, metrics: ['no_such_metric'] }), id: 'empty' });
    await expect(none.open()).rejects.toMatchObject({ code: 'monitor_unreachable', monitorId: 'empty' });
    const set = MonitorSet.fromSpecs([{ ...spec('prometheus', { url: 'http://127.0.0.1:39191/metrics', metrics: ['x'] }), id: 'off' }], {
      sampleTimeoutMs: 1000,
    });
    const err = await set.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonitorUnreachableError);
    expect(String(err)).toMatch(/monitor off .*ECONNREFUSED/);
  });
});

describe('ejabberd monitor', () => {
  it('counts connected users as ejabberd does: two more after two logins', async () => {
    const m = new EjabberdMonitor({ ...spec('ejabberd', { url: API }), id: 'ejabberd' });
    await m.open();
    const before = await m.sample();
    await login(1981);
    await login(1982);
    const after = await m.sample();
    expect(after.connected_users).toBe((before.connected_users ?? NaN) + 2);
    expect(after.online_users).toBe((before.online_users ?? NaN) + 2);
    expect(after.registered_users).toBeGreaterThanOrEqual(EJABBERD.users);
    expect(after.processes).toBeGreaterThan(100);
    expect(after.uptime_s).toBeGreaterThan(0);
  });

  it('an API that is not there is monitor_unreachable', async () => {
    const m = new EjabberdMonitor({ ...spec('ejabberd', { url: `http://${EJABBERD.host}:${EJABBERD.httpPort}/no-api` }), id: 'ej-off' });
    await expect(m.open()).rejects.toMatchObject({ code: 'monitor_unreachable', monitorId: 'ej-off' });
  });
});
