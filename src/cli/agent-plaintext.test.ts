import { mkdtempSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { ExitCode } from './exit-codes.js';
import type { StopSignal } from './io.js';

/**
 * Issue 13: `xload agent` without TLS on an address other hosts reach says so at start,
 * and is quiet on loopback. The agent listens on port 0 for the moment of the test and is
 * stopped through the injected signal hook.
 */
async function agentOutput(listen: string, extra: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'xload-agent-pt-'));
  writeFileSync(join(dir, 'token'), 'test-token-0123456789abcdef\n');
  let out = '';
  let stop: ((s: StopSignal) => void) | undefined;
  const done = main(['agent', '--listen', listen, '--token-file', 'token', '--workers', '1', ...extra], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    env: {},
    cwd: dir,
    onSignal: (h) => {
      stop = h;
      return () => (stop = undefined);
    },
  });
  for (let i = 0; i < 200 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
  expect(out, out).toMatch(/listening on/);
  stop?.('SIGINT');
  expect(await done).toBe(ExitCode.ok);
  return out;
}

describe('xload agent: the plaintext warning', () => {
  it('0.0.0.0 without TLS: warns, naming all interfaces', async () => {
    expect.assertions(3);
    expect(await agentOutput('0.0.0.0:0')).toMatch(/warning: plaintext gRPC on all interfaces \(0\.0\.0\.0\)/);
  });

  // This box's own LAN address, when it has one: a specific address, still reachable from others.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.skipIf(lan === undefined)('a LAN address without TLS: warns, naming it', async () => {
    expect.assertions(3);
    expect(await agentOutput(`${lan}:0`)).toContain(`warning: plaintext gRPC on ${lan}, reachable from other hosts`);
  });

  it('loopback without TLS: no warning', async () => {
    expect.assertions(3);
    expect(await agentOutput('127.0.0.1:0')).not.toMatch(/warning: plaintext/);
  });
});
