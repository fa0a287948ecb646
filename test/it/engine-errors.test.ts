/**
 * Broken runs report the right error class for every user, and still write their files.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, runXload } from './run-xload.js';

const CHAT = `${REPO_ROOT}/scenarios/chat.xml`;

/** A loopback port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('error classes', () => {
  it('a wrong password is auth_failed for every user', async () => {
    const run = await runXload(CHAT, ['--server', `${EJABBERD.host}:${EJABBERD.port}`, '--option', 'passwd=wrong']);
    const s = run.summary;
    expect(s.status).toBe('failed');
    expect(run.code).toBe(4);
    expect(s.users.started).toBe(100);
    expect(s.users.failed).toBe(100);
    expect(s.errors).toEqual({ auth_failed: 100 });
    expect(run.stdout).toMatch(/run FAILED: every user failed .*auth_failed: 100/);
  });

  it('a closed port is connect_refused for every user, said on the first line of the summary', async () => {
    const port = await closedPort();
    const run = await runXload(CHAT, ['--server', `127.0.0.1:${port}`]);
    const s = run.summary;
    expect(s.status).toBe('failed');
    expect(s.users.failed).toBe(100);
    expect(s.errors).toEqual({ connect_refused: 100 });
    expect(s.metrics.connect).toBeUndefined();
    expect(run.stdout).toMatch(/run FAILED: every user failed \(100 of 100\) \(connect_refused: 100\)/);
  });
});
