/**
 * destination="online" among users named by a CSV file (issue 5): userid_max="0", names
 * from setdynvars + xmpp_authenticate as Tsung's jabber_starttls.xml does them, on two
 * worker threads; every chat goes to another CSV user who is online, and is delivered.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';
import { req, think, writeScenario } from './protocol-scenario.js';

const USERS = 50;
const CHATS = 3;

describe('online destinations among CSV users (ejabberd)', () => {
  it('picks online CSV users across threads and delivers every message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-online-csv-'));
    const users = join(dir, 'users.csv');
    writeFileSync(users, Array.from({ length: USERS }, (_, i) => `user${i + 1};pwd${i + 1}`).join('\n') + '\n');
    const chats = Array.from({ length: CHATS }, () =>
      [req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'), think(1)].join('\n'),
    ).join('\n');
    const file = writeScenario({
      server: EJABBERD,
      users: USERS,
      userIdMax: 0,
      options: `<option name="file_server" id="userdb" value="${users}"/>`,
      session: [
        '      <setdynvars sourcetype="file" fileid="userdb" delimiter=";" order="iter"><var name="u"/><var name="p"/></setdynvars>',
        '      <request subst="true"><jabber type="connect" ack="local"><xmpp_authenticate username="%%_u%%" passwd="%%_p%%"/></jabber></request>',
        req('auth_sasl'),
        req('connect'),
        req('auth_sasl_bind'),
        req('auth_sasl_session'),
        req('presence:initial', 'ack="no_ack"'),
        think(3), // everyone is in (50 users/s)
        chats,
        think(3), // nobody leaves while others still write
        req('presence:final', 'ack="no_ack"'),
        req('close', 'ack="no_ack"'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '2']);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(USERS);
    expect(s.counters.error_no_online ?? 0).toBe(0);
    expect(s.counters.messages_sent_offline ?? 0).toBe(0);
    expect(s.messages).toEqual({ sent: USERS * CHATS, delivered: USERS * CHATS, lost: 0, duplicated: 0, in_flight: 0 });
  });
});
