/**
 * Shared by the users-*.test.ts files: run `xload users ...` as a process, log in with an
 * independent client (@xmpp/client, SASL PLAIN over plain TCP), and name accounts so runs
 * never collide (`xlu<random>u<n>`, deleted at the end of each test).
 */
import { randomBytes } from 'node:crypto';
import { client, type XmlElement, type XmppClient } from '@xmpp/client';
import { expect } from 'vitest';
import { runCli } from './run-xload.js';
import type { ServerInfo } from './servers.js';

/** A prefix no other run uses: accounts are `<prefix><n>` with passwords `pwd<n>`. */
export function uniquePrefix(): string {
  return `xlu${randomBytes(4).toString('hex')}u`;
}

export interface UsersRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `xload users ACTION --count N --prefix P ...extra` against a server, bounded in time. */
export async function runUsers(
  action: 'create' | 'delete',
  server: ServerInfo,
  count: number,
  prefix: string,
  extra: string[] = [],
): Promise<UsersRun> {
  const defaults = ['--server', `${server.host}:${server.port}`, '--domain', server.domain, '--timeout', '150'];
  // Flags in `extra` replace the defaults (a flag given twice is refused, issue 13).
  const base = defaults.filter((_, i, all) => !(i % 2 === 0 ? extra.includes(all[i]!) : extra.includes(all[i - 1]!)));
  const r = await runCli(['users', action, '--count', String(count), '--prefix', prefix, ...base, '--no-progress', ...extra], 170_000);
  // The command's own figures (accounts/s) go to the test log: the report quotes them.
  process.stdout.write(`[${server.name}] users ${action} ${extra.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}

/** The counts of a result line (`created 200, existed 0, failed 0 ...`). */
export function counts(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(created|existed|deleted|missing|failed|skipped) (\d+)/g)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Logs in with @xmpp/client; resolves with the bound JID, rejects with the client's error. */
export async function independentLogin(server: ServerInfo, user: string, pass: string): Promise<string> {
  const c: XmppClient = client({
    service: `xmpp://${server.host}:${server.port}`,
    domain: server.domain,
    resource: 'it-users',
    credentials: (authenticate) => authenticate({ username: user, password: pass }, 'PLAIN'),
  });
  // As servers.test.ts: hide STARTTLS so the login stays on plain TCP, as xload's does.
  c.prependListener('element', (el: XmlElement) => {
    if (el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((ch) => typeof ch === 'string' || ch.name !== 'starttls');
    }
  });
  c.on('error', () => undefined);
  try {
    await c.start();
    return c.jid?.toString() ?? '';
  } finally {
    await c.stop().catch(() => undefined);
  }
}

/** The accounts logged in with @xmpp/client to prove a batch: first, middle, last. */
export function sample(count: number): number[] {
  return [1, Math.ceil(count / 2), count];
}

/**
 * create N, create again (all existed), log in as some, delete (all deleted), delete again
 * (all missing), log in fails. `extra` selects the via. Returns the four result lines.
 */
export async function fullCycle(server: ServerInfo, count: number, extra: string[]): Promise<void> {
  const prefix = uniquePrefix();
  try {
    const c1 = await runUsers('create', server, count, prefix, extra);
    expect(c1.stderr).toBe('');
    expect(c1.code).toBe(0);
    expect(counts(c1.stdout)).toEqual({ created: count, existed: 0, failed: 0 });
    expect(c1.stdout).toMatch(/accounts\/s\n$/);
    const c2 = await runUsers('create', server, count, prefix, extra);
    expect(c2.code).toBe(0);
    expect(counts(c2.stdout)).toEqual({ created: 0, existed: count, failed: 0 });
    for (const n of sample(count)) {
      expect(await independentLogin(server, `${prefix}${n}`, `pwd${n}`)).toMatch(new RegExp(`^${prefix}${n}@${server.domain}/`));
    }
    const d1 = await runUsers('delete', server, count, prefix, extra);
    expect(d1.code).toBe(0);
    expect(counts(d1.stdout)).toEqual({ deleted: count, missing: 0, failed: 0 });
    const d2 = await runUsers('delete', server, count, prefix, extra);
    expect(d2.code).toBe(0);
    expect(counts(d2.stdout)).toEqual({ deleted: 0, missing: count, failed: 0 });
    for (const n of sample(count)) {
      await expect(independentLogin(server, `${prefix}${n}`, `pwd${n}`)).rejects.toThrow(/not-authorized|auth/i);
    }
  } finally {
    // Whatever failed above, leave nothing behind (idempotent: missing ones are counted, not failed).
    await runUsers('delete', server, count, prefix, extra);
  }
}
