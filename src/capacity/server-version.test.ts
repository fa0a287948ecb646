import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { compileScenario } from '../scenario/index.js';
import type { Op, Plan, RequestOp } from '../scenario/plan.js';
import { parseElement } from '../xmpp/element.js';
import { noVersionReason, parseVersionReply, probeAccount } from './server-version.js';
import { probeServerVersion } from './server-version-probe.js';

function chatPlan(): Plan {
  const r = compileScenario(resolve(import.meta.dirname, '../../scenarios/chat.xml'));
  if (!r.ok) throw new Error('scenarios/chat.xml does not compile');
  return r.plan;
}

const pos = { line: 1, col: 1 };

function csvPlan(username: string, passwd: string): Plan {
  const plan = chatPlan();
  const connect = plan.sessions[0]!.ops.find((o): o is RequestOp => o.kind === 'request')!;
  const auth: RequestOp = { ...connect, subst: true, jabber: { ...connect.jabber, authenticate: { username, passwd } } };
  const ops: Op[] = [
    { kind: 'setdynvars', source: { type: 'file', fileId: 'userdb', order: 'iter', delimiter: ';' }, vars: ['u', 'p'], pos },
    { kind: 'transaction', name: 'login', ops: [auth], pos },
  ];
  return {
    ...plan,
    options: { ...plan.options, fileServers: [{ id: 'userdb', path: '/data/users.csv' }] },
    sessions: [{ ...plan.sessions[0]!, ops }],
  };
}

describe('probeAccount', () => {
  it("takes the pool's first user without <xmpp_authenticate>", () => {
    const plan = chatPlan();
    const j = plan.options.jabber;
    expect(probeAccount(plan, () => null)).toEqual({
      username: `${j.username}1`,
      password: `${j.passwd}1`,
      from: `pool user ${j.username}1`,
    });
  });

  it('takes the first CSV row when the login names come from a file_server', () => {
    const rows: string[] = [];
    const acct = probeAccount(csvPlan('%%_u%%', '%%_p%%'), (path) => (rows.push(path), 'alice;secret;extra'));
    expect(acct).toEqual({ username: 'alice', password: 'secret', from: 'the first row of /data/users.csv' });
    expect(rows).toEqual(['/data/users.csv']);
  });

  it('falls back to the pool when the file is unreadable or a hole stays unfilled', () => {
    expect(probeAccount(csvPlan('%%_u%%', '%%_p%%'), () => null).username).toBe('user1');
    expect(probeAccount(csvPlan('%%_u%%', '%%_other%%'), () => 'a;b').username).toBe('user1');
    expect(probeAccount(csvPlan('fixed', 'pw'), () => 'a;b')).toMatchObject({ username: 'user1' });
  });
});

describe('parseVersionReply (XEP-0092)', () => {
  it.each([
    [
      "<iq type='result' id='v1' from='localhost'><query xmlns='jabber:iq:version'><name>ejabberd</name><version>23.01</version><os>unix</os></query></iq>",
      'ejabberd 23.01',
    ],
    [
      "<iq type='result' id='v1'><query xmlns='jabber:iq:version'><name> Prosody </name><version>0.12.3</version></query></iq>",
      'Prosody 0.12.3',
    ],
    ["<iq type='result' id='v1'><query xmlns='jabber:iq:version'><name>Openfire</name></query></iq>", 'Openfire'],
    ["<iq type='result' id='v1'><query xmlns='jabber:iq:version'><version>1</version></query></iq>", null],
    ["<iq type='result' id='v1'><query xmlns='jabber:iq:roster'><name>x</name></query></iq>", null],
    ["<iq type='result' id='v1'/>", null],
  ])('%s → %s', (xml, want) => {
    expect(parseVersionReply(parseElement(xml))).toBe(want);
  });

  it('says why an error reply gave no version', () => {
    const err = parseElement(
      "<iq type='error' id='v1'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    );
    expect(parseVersionReply(err)).toBeNull();
    expect(noVersionReason(err)).toBe('the server answered with an error (service-unavailable)');
  });
});

describe('probeServerVersion', () => {
  it('a server that cannot be reached: version null and one warning line, no throw', async () => {
    const plan = chatPlan();
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const r = await probeServerVersion({ ...plan, servers: [{ host: '127.0.0.1', port: 1, type: 'tcp', weight: 1 }] }, 2000);
    expect(r.version).toBeNull();
    expect(r.warning).toMatch(
      /^server version unknown: the probe could not log in to 127\.0\.0\.1:1 as pool user user1 \(.+\); the search runs without it$/,
    );
    expect(r.warning!.split('\n')).toHaveLength(1);
  });

  it('a server type the story client cannot reach says so', async () => {
    const plan = chatPlan();
    const r = await probeServerVersion({ ...plan, servers: [{ host: '127.0.0.1', port: 1, type: 'bosh_ssl', weight: 1 }] });
    expect(r).toMatchObject({ version: null, warning: expect.stringMatching(/^server version unknown: .*bosh_ssl/) });
  });
});
