/**
 * Passwords never land in a run folder (issue 13): a real short run against ejabberd whose
 * passwords come from the passwd option, <xmpp_authenticate passwd> and a CSV file (one of
 * them wrong, so an auth failure is reported too), then every file the run wrote, and its
 * console, are searched for the password strings. Users user1901..user1905.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';
import { req, writeScenario } from './protocol-scenario.js';

const WRONG = 'wrong-Secret-7Qz';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets in a run folder', () => {
  it('no password of the scenario, its CSV file or a failed login appears in any file or the console', async () => {
    const csvDir = mkdtempSync(join(tmpdir(), 'xload-secrets-'));
    const users = join(csvDir, 'users.csv');
    const rows = [1901, 1902, 1903, 1904].map((n) => `user${n};pwd${n}`);
    writeFileSync(users, `${[...rows, `user1905;${WRONG}`].join('\n')}\n`);
    const file = writeScenario({
      server: EJABBERD,
      users: 5,
      rate: 20,
      userIdMax: 0,
      options: `<option name="file_server" id="userdb" value="${users}"/>`,
      session: [
        '      <setdynvars sourcetype="file" fileid="userdb" delimiter=";" order="iter"><var name="u"/><var name="p"/></setdynvars>',
        '      <request subst="true"><jabber type="connect" ack="local"><xmpp_authenticate username="%%_u%%" passwd="%%_p%%"/></jabber></request>',
        req('auth_sasl'),
        req('connect'),
        req('auth_sasl_bind'),
        req('presence:initial', 'ack="no_ack"'),
        req('close', 'ack="no_ack"'),
      ].join('\n'),
    });
    const run = await runXload(file, ['--workers', '1']);
    expect(run.summary.users.started, run.stdout + run.stderr).toBe(5);
    expect(Object.keys(run.summary.errors).join(','), 'the wrong password fails its login').toMatch(/auth/);

    // The option's prefix (value="pwd"), every CSV password and the wrong one.
    const secrets = [/value="pwd"/, /\bpwd19\d\d\b/, new RegExp(WRONG)];
    const files = filesUnder(run.dir);
    expect(files.map((f) => f.slice(run.dir.length + 1))).toEqual(
      expect.arrayContaining(['scenario.xml', 'summary.json', 'stats.ndjson', 'xload.log']),
    );
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const s of secrets) expect(s.test(text), `${s} in ${f}`).toBe(false);
    }
    for (const s of secrets) expect(s.test(run.stdout + run.stderr), `${s} on the console`).toBe(false);
    // The copy is still the scenario that ran, with the secret replaced.
    expect(readFileSync(join(run.dir, 'scenario.xml'), 'utf8')).toContain('name="passwd" value="***"');
  });
});
