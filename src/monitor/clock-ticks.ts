import { execFile } from 'node:child_process';

let cached: Promise<number> | undefined;

/**
 * USER_HZ, the unit of /proc's CPU times: `getconf CLK_TCK` (100 on every Linux build
 * seen, but the kernel does not promise it). Asked once per process.
 */
export function clockTicks(): Promise<number> {
  cached ??= new Promise((resolve) => {
    execFile('getconf', ['CLK_TCK'], { timeout: 5000 }, (err, stdout) => {
      const n = Number(String(stdout).trim());
      resolve(!err && Number.isInteger(n) && n > 0 ? n : 100);
    });
  });
  return cached;
}
