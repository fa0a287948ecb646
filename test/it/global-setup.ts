/**
 * vitest globalSetup for the `it` project: real ejabberd and Prosody on loopback, with
 * user1..user2000 (pwd1..pwd2000) on both (test/it/servers.ts has the ports).
 *
 * Default: each run starts both servers fresh (`start.sh --fresh` stops whatever a previous
 * run left in the same folder, by its pid, and wipes its state), so no offline message,
 * roster or registered account leaks from one run into the next. Teardown stops both.
 * XLOAD_IT_REUSE=1 (local loops): reuse running servers, top up users, purge offline
 * messages, and leave them running afterwards.
 *
 * Several people (or agents) may run the integration tests on one machine at once; they
 * share these fixed ports, so a run holds LOCAL_SERVERS_LOCK from setup to teardown and a
 * second run waits instead of restarting the first one's servers under its tests.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { EJABBERD, LOCAL_SERVERS_LOCK, PROSODY, runScript } from './servers.js';

export default async function setup(): Promise<() => Promise<void>> {
  const reuse = process.env.XLOAD_IT_REUSE === '1';
  const release = await lockServers();
  const started = Date.now();
  const fresh = reuse ? [] : ['--fresh'];
  await Promise.all([
    runScript('ejabberd/start.sh', [
      ...fresh,
      '--dir',
      EJABBERD.dir,
      '--c2s-port',
      String(EJABBERD.port),
      '--tls-port',
      String(EJABBERD.tlsPort),
      '--http-port',
      String(EJABBERD.httpPort),
      '--domain',
      EJABBERD.domain,
      '--users',
      String(EJABBERD.users),
    ]),
    runScript('prosody/start.sh', [
      ...fresh,
      '--dir',
      PROSODY.dir,
      '--c2s-port',
      String(PROSODY.port),
      '--http-port',
      String(PROSODY.httpPort),
      '--domain',
      PROSODY.domain,
      '--users',
      String(PROSODY.users),
    ]),
  ]);
  if (reuse) {
    await Promise.all([
      runScript('ejabberd/purge-offline.sh', ['--dir', EJABBERD.dir]),
      runScript('prosody/purge-offline.sh', ['--dir', PROSODY.dir]),
    ]);
  }
  process.stderr.write(`[it] ejabberd and Prosody ready in ${Date.now() - started} ms\n`);

  return async () => {
    try {
      if (reuse) return;
      await Promise.all([runScript('ejabberd/stop.sh', ['--dir', EJABBERD.dir]), runScript('prosody/stop.sh', ['--dir', PROSODY.dir])]);
    } finally {
      release();
    }
  };
}

/**
 * Holds an flock(1) on LOCAL_SERVERS_LOCK through a child that lives until its stdin
 * closes: on release, or when this process dies in any way, so a crash never leaves the
 * lock held.
 */
async function lockServers(): Promise<() => void> {
  const holder = spawn('flock', [LOCAL_SERVERS_LOCK, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = setTimeout(() => {
    process.stderr.write(`[it] waiting for another run's servers (${LOCAL_SERVERS_LOCK})\n`);
  }, 1000);
  try {
    const [chunk] = (await once(holder.stdout, 'data')) as [Buffer];
    if (!chunk.toString().startsWith('locked')) throw new Error('flock did not lock');
  } finally {
    clearTimeout(waiting);
  }
  holder.unref();
  return () => holder.stdin.end();
}
