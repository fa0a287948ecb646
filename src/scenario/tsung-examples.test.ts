import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario, formatDiagnostic } from './index.js';

/**
 * Tsung's own XMPP scenarios compile without edits. Debian's `tsung` package installs
 * seven under /usr/share/doc/tsung/examples (scripts/setup-system.sh installs it before
 * the tests); the others live in ../shared/tsung-examples beside the clone. Missing
 * folders fail the test: nothing is skipped silently.
 */
const REPO = resolve(import.meta.dirname, '../..');
const DEBIAN = '/usr/share/doc/tsung/examples';
const SHARED = resolve(REPO, '../shared/tsung-examples');
const FIXTURES = join(REPO, 'test/fixtures/scenarios');
/** jabber_starttls.xml and bosh.xml name /home/nniclaus/.tsung/usernames.csv; point it at a real file. */
const USERDB = { fileServers: { userdb: join(FIXTURES, 'users.csv') } };

const DEBIAN_JABBER = [
  'jabber.xml.gz',
  'jabber_muc.xml',
  'jabber_node.xml',
  'jabber_privacy.xml',
  'jabber_register.xml',
  'jabber_roster.xml',
  'jabber_starttls.xml',
];

function expectCompiles(path: string, overrides = {}) {
  const r = compileScenario(path, overrides);
  expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!r.ok) throw new Error('unreachable');
  return r.plan;
}

describe("Debian's Tsung examples", () => {
  it('are installed (scripts/setup-system.sh installs the tsung package)', () => {
    expect(existsSync(DEBIAN), `${DEBIAN} is missing: run scripts/setup-system.sh`).toBe(true);
    const present = readdirSync(DEBIAN).filter((f) => f.startsWith('jabber'));
    expect(present.sort()).toEqual([...DEBIAN_JABBER].sort());
  });

  it.each(DEBIAN_JABBER)('%s compiles', (name) => {
    const plan = expectCompiles(join(DEBIAN, name), name === 'jabber_starttls.xml' ? USERDB : {});
    expect(plan.sessions.length).toBeGreaterThan(0);
    expect(plan.sessions.every((s) => s.ops.length > 0)).toBe(true);
  });

  it('bosh.xml (Debian copy) compiles with its BOSH server and path', () => {
    const plan = expectCompiles(join(DEBIAN, 'bosh.xml'), USERDB);
    expect(plan.servers[0]?.type).toBe('bosh');
    expect(plan.options.boshPath).toBe('/http-bind');
  });

  it('jabber.xml.gz keeps its meaning: 4 sessions 50/20/20/10, 0.5 users/s for 60 s, digest dynvar', () => {
    const plan = expectCompiles(join(DEBIAN, 'jabber.xml.gz'));
    expect(plan.sessions.map((s) => s.probability)).toEqual([50, 20, 20, 10]);
    expect(plan.load.phases).toMatchObject([{ durationMs: 60_000, arrivalRate: 0.5 }]);
    expect(plan.options.jabber).toMatchObject({
      domain: 'mydomain.org',
      username: 'user',
      passwd: 'pass',
      userIdMax: 10000,
      globalNumber: 100,
    });
    const digest = plan.sessions[2]?.ops[0];
    expect(digest).toMatchObject({
      kind: 'request',
      dynVars: [{ name: 'sid', kind: 're', expr: '<stream:stream id="(.*)" xmlns:stream' }],
    });
  });

  it('jabber_starttls.xml without an override reports its missing CSV with the line, as Tsung does', () => {
    const r = compileScenario(join(DEBIAN, 'jabber_starttls.xml'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `${join(DEBIAN, 'jabber_starttls.xml')}:36:42: file_server "userdb": /home/nniclaus/.tsung/usernames.csv does not exist or is not a file; create it, fix value="...", or override it with --file-server userdb=PATH`,
    ]);
  });
});

describe("Debian's examples for other protocols", () => {
  const others = existsSync(DEBIAN) ? readdirSync(DEBIAN).filter((f) => !f.startsWith('jabber') && f !== 'bosh.xml') : [];

  it('are there (HTTP, LDAP, pgsql, ...)', () => {
    expect(others.length).toBeGreaterThanOrEqual(15);
  });

  it.each(others)('%s is refused as out of scope, with the line of its session type', (name) => {
    const r = compileScenario(join(DEBIAN, name));
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^session type="ts_\w+" is out of scope/) }),
    );
  });
});

describe('Tsung examples only in ../shared/tsung-examples', () => {
  it('are present beside the clone', () => {
    expect(existsSync(SHARED), `${SHARED} is missing (CI has shared/ beside the clone)`).toBe(true);
  });

  it('xmpp-muc.xml compiles: three MUC sessions with nested loops', () => {
    const plan = expectCompiles(join(SHARED, 'xmpp-muc.xml'));
    expect(plan.sessions.map((s) => [s.name, s.probability])).toEqual([
      ['jabber-muc', 60],
      ['jabber-muc2', 30],
      ['jabber-muc3', 10],
    ]);
    expect(plan.load.phases[0]).toMatchObject({ durationMs: 360 * 60_000, arrivalRate: 50 });
  });

  it('bosh.xml compiles', () => {
    expect(expectCompiles(join(SHARED, 'bosh.xml'), USERDB).servers[0]).toMatchObject({ type: 'bosh', port: 5280 });
  });

  it('badpop.xml is refused because its probabilities sum to 99', () => {
    const r = compileScenario(join(SHARED, 'badpop.xml'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ line: 28, message: 'session probabilities sum to 99, not 100' }));
  });
});

describe("xload's own scenarios for the same cases", () => {
  it('bosh-csv.xml compiles, its CSV resolved beside it', () => {
    const plan = expectCompiles(join(FIXTURES, 'bosh-csv.xml'));
    expect(plan.options.fileServers).toEqual([{ id: 'userdb', path: join(FIXTURES, 'users.csv') }]);
  });

  it('muc-nested.xml compiles', () => {
    expect(expectCompiles(join(FIXTURES, 'muc-nested.xml')).sessions.map((s) => s.probability)).toEqual([70, 30]);
  });

  it('badpop-99.xml is refused', () => {
    const r = compileScenario(join(FIXTURES, 'badpop-99.xml'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      { line: 9, col: 3, message: 'session probabilities sum to 99, not 100' },
    ]);
  });

  it('many-errors.xml reports every error, in order', () => {
    const r = compileScenario(join(FIXTURES, 'many-errors.xml'));
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      '3:8 loglevel="loud" on <tsung> is not valid: not one of the allowed values',
      '6:46 unit="fortnight" on <arrivalphase> is not valid: not one of the allowed values',
      '6:70 arrivalrate="-1" on <users> is not valid: expected a number greater than 0',
      `7:47 file_server "db": ${join(FIXTURES, 'missing.csv')} does not exist or is not a file`,
      '10:36 ack="maybe" on <jabber> is not valid: not one of the allowed values',
      '11:66 %%_room%% (attribute room) is never set in session "s"',
      '12:7 unknown element <sleep> inside <session>',
    ]);
  });
});
