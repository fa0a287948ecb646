/**
 * `capacity --between-levels CMD`: a command run after each level's sessions drained and
 * before the cooldown, to put the server back in the state the first level found (purge
 * offline messages, drop caches). Without it an overloaded level's leftovers (ejabberd's
 * offline store replays tens of thousands of lost messages at the next logins) make every
 * later level fail, however low (bench/README.md, issue 15). The command runs through
 * `sh -c` with XLOAD_CAPACITY_LEVEL set; a non-zero exit or a timeout ends the search,
 * since the server's state is then unknown.
 */
import { spawn } from 'node:child_process';

export type LevelResetResult = { ok: true; ms: number } | { ok: false; reason: string };

export async function runLevelReset(command: string, level: number, timeoutMs: number): Promise<LevelResetResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let tail = '';
    const child = spawn('sh', ['-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, XLOAD_CAPACITY_LEVEL: String(level) },
      detached: true,
    });
    // The last line the command wrote to stderr says why it failed.
    child.stderr.on('data', (b: Buffer) => {
      tail = (tail + b.toString('utf8')).slice(-400);
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      done({ ok: false, reason: `timed out after ${timeoutMs / 1000} s` });
    }, timeoutMs);
    let settled = false;
    const done = (r: LevelResetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    child.on('error', (e) => done({ ok: false, reason: e.message }));
    child.on('close', (code, signal) => {
      if (code === 0) return done({ ok: true, ms: Date.now() - started });
      const last = tail.trim().split('\n').pop() ?? '';
      done({ ok: false, reason: `${signal ? `killed by ${signal}` : `exit ${code}`}${last ? `: ${last}` : ''}` });
    });
  });
}
