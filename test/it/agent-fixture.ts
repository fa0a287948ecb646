/**
 * Agents as separate processes for the distributed-mode integration tests: each `xload
 * agent` is the built CLI, bound to its own loopback address, killed in afterAll.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XLOAD_BIN, REPO_ROOT } from './run-xload.js';
import type { ServerInfo } from './servers.js';

export interface AgentProc {
  ip: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
}

export const TOKEN = 'it-token-0123456789abcdef';

/** A temp folder holding the agents' token file. */
export function makeWorkDir(): { dir: string; tokenFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xload-agent-it-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  return { dir, tokenFile };
}

/**
 * Starts `xload agent --listen ip:port` (with `env` added to this process's) and waits (at
 * most 15 s) until it listens. One worker thread, except for a `--monitor-only` agent,
 * which refuses load flags; port 7911 is given as `--listen ip` alone (the default port).
 */
export async function startAgent(
  ip: string,
  port: number,
  args: string[],
  bin = XLOAD_BIN,
  env?: Record<string, string>,
): Promise<AgentProc> {
  const workers = args.includes('--monitor-only') ? [] : ['--workers', '1'];
  // 7911 is the agent's default port: it is left out, so `--listen HOST` alone is what runs.
  const listen = port === 7911 ? ip : `${ip}:${port}`;
  const proc = spawn(process.execPath, [bin, 'agent', '--listen', listen, ...workers, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 15_000;
  while (!out.includes('listening on')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`agent ${ip}:${port} did not start:\n${out}`);
    await sleep(50);
  }
  return { ip, port, proc, output: () => out };
}

export function killAll(agents: readonly AgentProc[]): void {
  for (const a of agents) if (a.proc.exitCode === null && a.proc.signalCode === null) a.proc.kill('SIGKILL');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `cond` every 100 ms until it holds or `ms` pass; returns whether it held. */
export async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(100);
  }
  return cond();
}

/** Source addresses of established connections to `port` right now (ss from iproute2). */
export function connectionsTo(port: number): Map<string, number> {
  const text = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  const by = new Map<string, number>();
  for (const line of text.split('\n')) {
    const local = line.trim().split(/\s+/)[2];
    if (!local) continue;
    const ip = local.slice(0, local.lastIndexOf(':'));
    by.set(ip, (by.get(ip) ?? 0) + 1);
  }
  return by;
}

export interface ChatShape {
  users: number;
  rate: number;
  chats: number;
  /**
   * Seconds every user stays online after its last chat, on top of the arrival phase (so
   * nobody leaves while others still write); 'none': leave right after the last chat.
   */
  tailS: number | 'none';
  /** Thinktime before the first chat (default 2 s) and between chats (default 1 s). */
  firstThinkS?: number;
  thinkS?: number;
  /** Source address of the local (coordinator) client's sockets, so tests can count them apart. */
  localIp?: string;
}

/**
 * A chat scenario whose `<clients>` are the agents (Tsung syntax plus xload's `port`), each
 * binding its sockets to its own address with `<ip>`. By default users stay online until
 * every chat of the run has been sent; `tailS: 'none'` makes them leave while others still
 * write (the online set's churn test).
 */
export function chatScenario(
  dir: string,
  server: ServerInfo,
  agents: { ip: string; port: number }[] | 'local',
  s: ChatShape,
  serverPort = server.port,
): string {
  const local = `    <client host="localhost" use_controller_vm="true" maxusers="10000">${s.localIp ? `<ip value="${s.localIp}"/>` : ''}</client>`;
  const clients =
    agents === 'local'
      ? local
      : agents
          .map((a) =>
            a.ip === 'localhost' ? local : `    <client host="${a.ip}" port="${a.port}" maxusers="10000"><ip value="${a.ip}"/></client>`,
          )
          .join('\n');
  // maxnumber caps the Poisson arrivals; a phase twice the nominal length reaches it for sure.
  const arrivalS = Math.ceil(s.users / s.rate);
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients>
${clients}
  </clients>
  <servers><server host="${server.host}" port="${serverPort}" type="tcp"/></servers>
  <load>
    <arrivalphase phase="1" duration="${2 * arrivalS + 1}" unit="second">
      <users arrivalrate="${s.rate}" unit="second" maxnumber="${s.users}"/>
    </arrivalphase>
  </load>
  <options>
    <option type="ts_jabber" name="domain" value="${server.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="${server.users}"/>
  </options>
  <sessions>
    <session name="chat" probability="100" type="ts_jabber">
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local"/></request>
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl_bind" ack="local"/></request>
      <request><jabber type="auth_sasl_session" ack="local"/></request>
      <request><jabber type="presence:initial" ack="no_ack"/></request>
      <thinktime value="${s.firstThinkS ?? 2}"/>
      <for from="1" to="${s.chats}" incr="1" var="i">
        <request><jabber type="chat" ack="no_ack" size="64" destination="online" stamped="true"/></request>
        <thinktime value="${s.thinkS ?? 1}"/>
      </for>
${s.tailS === 'none' ? '' : `      <thinktime value="${2 * arrivalS + 1 + s.tailS}"/>`}
      <request><jabber type="presence:final" ack="no_ack"/></request>
      <request><jabber type="close" ack="no_ack"/></request>
    </session>
  </sessions>
</tsung>
`;
  const path = join(dir, `chat-${agents === 'local' ? 'local' : agents.map((a) => a.port).join('-')}-${serverPort}.xml`);
  writeFileSync(path, xml);
  return path;
}
