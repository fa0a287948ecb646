/**
 * Builds small scenarios for the protocol integration tests (protocol-*.test.ts): one
 * server, a few users, a session body; written to a temp file and run by runXload.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerInfo } from './servers.js';

export interface ScenarioSpec {
  server: ServerInfo;
  /** `<server type>`; tcp by default (port: c2s, or the HTTP port for websocket/bosh). */
  type?: 'tcp' | 'websocket' | 'bosh';
  users: number;
  /** Users per second (default 50: everyone is in before the first thinktime ends). */
  rate?: number;
  /** Instead of Poisson arrivals: user k starts at k × this many seconds (static users). */
  everySec?: number;
  userIdMax?: number;
  bidi?: boolean;
  /** Extra `<option>` elements and `<client>` children, as XML. */
  options?: string;
  clientChildren?: string;
  session: string;
  /** Arrival phase length (default 10 s) and maxnumber (default: users; null: none). */
  durationSec?: number;
  maxnumber?: number | null;
  /** The session's name (default "s"), XML after `</sessions>` (e.g. `<thresholds>`), the file's name. */
  sessionName?: string;
  tail?: string;
  fileName?: string;
  /** `<monitoring>`'s children, as XML (between `<servers>` and `<load>`, as Tsung's DTD has it). */
  monitoring?: string;
}

export function writeScenario(s: ScenarioSpec): string {
  const type = s.type ?? 'tcp';
  const port = type === 'tcp' ? s.server.port : s.server.httpPort;
  const xml = `<?xml version="1.0"?>
<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true" maxusers="5000">${s.clientChildren ?? ''}</client></clients>
  <servers><server host="${s.server.host}" port="${port}" type="${type}"/></servers>
${s.monitoring === undefined ? '' : `  <monitoring>${s.monitoring}</monitoring>\n`}  <load>${load(s)}</load>
  <options>
    <option type="ts_jabber" name="domain" value="${s.server.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="${s.userIdMax ?? s.users}"/>
    <option type="ts_jabber" name="muc_service" value="${s.server.mucDomain}"/>
    <option type="ts_jabber" name="pubsub_service" value="${s.server.pubsubDomain}"/>
    <option name="websocket_path" value="${s.server.websocketPath}"/>
    <option name="websocket_frame" value="text"/>
    <option name="bosh_path" value="${s.server.boshPath}"/>
    ${s.options ?? ''}
  </options>
  <sessions>
    <session name="${s.sessionName ?? 's'}" probability="100" type="ts_jabber" bidi="${s.bidi === true}">
${s.session}
    </session>
  </sessions>
${s.tail ?? ''}
</tsung>
`;
  const dir = mkdtempSync(join(tmpdir(), 'xload-proto-'));
  const file = join(dir, s.fileName ?? 'scenario.xml');
  writeFileSync(file, xml);
  return file;
}

function load(s: ScenarioSpec): string {
  if (s.everySec === undefined) {
    const max = s.maxnumber === null ? '' : ` maxnumber="${s.maxnumber ?? s.users}"`;
    return `<arrivalphase phase="1" duration="${s.durationSec ?? 10}" unit="second"><users arrivalrate="${s.rate ?? 50}" unit="second"${max}/></arrivalphase>`;
  }
  const every = s.everySec;
  return Array.from(
    { length: s.users },
    (_, k) => `<user session="${s.sessionName ?? 's'}" start_time="${(k * every).toFixed(2)}" unit="second"/>`,
  ).join('');
}

/** Tsung's usual login: stream, SASL, restart, bind, session. */
export function login(mechanism?: string): string {
  const mech = mechanism ? ` mechanism="${mechanism}"` : '';
  return `
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local"${mech}/></request>
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl_bind" ack="local"/></request>
      <request><jabber type="auth_sasl_session" ack="local"/></request>`;
}

/** `<request><jabber .../></request>` with ack local unless given. */
export function req(type: string, attrs = '', subst = false): string {
  const ack = attrs.includes('ack=') ? '' : ' ack="local"';
  return `      <request${subst ? ' subst="true"' : ''}><jabber type="${type}"${ack} ${attrs}/></request>`;
}

export function think(seconds: number): string {
  return `      <thinktime value="${seconds}"/>`;
}

/** A name no earlier run used (rooms and nodes outlive a run on a reused server). */
export function fresh(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
