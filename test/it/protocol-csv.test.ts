/**
 * Users and destinations from CSV files (Tsung's file_server, setdynvars sourcetype="file",
 * xmpp_authenticate, random_from_fileid, offline_from_fileid, vhost_file) and dyn_variable
 * with xpath over the reply stanza, against both servers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { req, think, writeScenario } from './protocol-scenario.js';

function files(server: ServerInfo): { users: string; vhosts: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xload-csv-'));
  const users = join(dir, 'users.csv');
  const vhosts = join(dir, 'vhosts.csv');
  writeFileSync(users, Array.from({ length: 6 }, (_, i) => `user${i + 1};pwd${i + 1}`).join('\n') + '\n');
  writeFileSync(vhosts, `${server.domain}\n`);
  return { users, vhosts };
}

describe.each([EJABBERD, PROSODY])('CSV users and xpath against $name', (server: ServerInfo) => {
  it('logs in CSV users, writes to CSV destinations, and branches on xpath captures', async () => {
    const f = files(server);
    const file = writeScenario({
      server,
      users: 4,
      userIdMax: 0,
      options: `
    <option name="file_server" id="userdb" value="${f.users}"/>
    <option name="file_server" id="vhosts" value="${f.vhosts}"/>
    <option type="ts_jabber" name="random_from_fileid" value="userdb"/>
    <option type="ts_jabber" name="offline_from_fileid" value="userdb"/>
    <option type="ts_jabber" name="vhost_file" value="vhosts"/>
    <option type="ts_jabber" name="fileid_delimiter" value=";"/>`,
      session: [
        '      <setdynvars sourcetype="file" fileid="userdb" delimiter=";" order="iter"><var name="u"/><var name="p"/></setdynvars>',
        '      <request subst="true"><jabber type="connect" ack="local"><xmpp_authenticate username="%%_u%%" passwd="%%_p%%"/></jabber></request>',
        req('auth_sasl'),
        req('connect'),
        '      <request><dyn_variable name="myjid" xpath="//bind/jid/text()"/><jabber type="auth_sasl_bind" ack="local"/></request>',
        req('presence:initial', 'ack="no_ack"'),
        '      <request><dyn_variable name="rtype" xpath="/iq/@type"/><jabber type="iq:roster:get" ack="local"/></request>',
        '      <if var="rtype" eq="result">',
        req('ping'),
        '      </if>',
        think(1),
        req('chat', 'ack="no_ack" size="32" destination="random"'),
        req('chat', 'ack="no_ack" size="32" destination="offline"'),
        `      <request subst="true"><jabber type="raw" ack="no_ack" data="&lt;presence to='%%_myjid%%'/&gt;"/></request>`,
        req('close'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '1']);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(4);
    expect(s.metrics.auth?.count).toBe(4);
    // The xpath capture of the roster reply's type ran the ping inside <if>.
    expect(s.metrics['request.ping']?.count).toBe(4);
    expect(s.counters.error_no_random ?? 0).toBe(0);
    expect(s.counters.error_no_offline ?? 0).toBe(0);
    expect(s.counters.unset_variable ?? 0).toBe(0);
  });
});
