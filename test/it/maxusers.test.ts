/**
 * `<client maxusers>` per node (issue 7): the node never runs more users at once; arrivals
 * beyond it are refused and counted (users_refused_maxusers), against the real ejabberd.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, think, writeScenario } from './protocol-scenario.js';

describe('<client host="localhost" maxusers="10">', () => {
  it('holds at most 10 concurrent users where arrivals would reach ~30, counting each refused arrival', async () => {
    // 10 users/s, each online ~4 s: about 30 at once without the cap (maxnumber 30 arrivals).
    const file = writeScenario({
      server: EJABBERD,
      users: 30,
      rate: 10,
      durationSec: 6,
      userIdMax: 100,
      session: [login(), req('presence:initial', 'ack="no_ack"'), think(4), req('close', 'ack="no_ack"')].join('\n'),
    });
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxusers="5000"', 'maxusers="10"'));
    const run = await runXload(file, ['--workers', '1', '--interval', '0.5']);
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const refused = s.counters.users_refused_maxusers ?? 0;
    expect(refused).toBeGreaterThan(0);
    expect(s.users.started + refused).toBe(30);
    expect(s.users.max_concurrent).toBeLessThanOrEqual(10);
    expect(s.users.max_concurrent).toBeGreaterThanOrEqual(8);
    expect(s.errors).toEqual({});
    expect(run.stdout).toContain('load on this process (1 worker, max 10 users)');
    expect(run.stdout).toContain(
      `WARNING: ${refused} arrival(s) refused: their node already ran its <client maxusers> users (users_refused_maxusers)`,
    );
  });
});
