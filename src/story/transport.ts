/** The XmppTransport and connect options a story uses to reach its server. */
import { XmppBosh } from '../xmpp/bosh.js';
import { XmppConnection } from '../xmpp/connection.js';
import type { ConnectionHandlers } from '../xmpp/connection-types.js';
import type { LoginOptions } from '../xmpp/login/options.js';
import type { XmppTransport } from '../xmpp/transport.js';
import { XmppWebSocket } from '../xmpp/websocket.js';
import { StoryConfigError } from './errors.js';

/** Where the story's users log in. test/it/servers.ts's ServerInfo fits as it is. */
export interface StoryServer {
  readonly host: string;
  readonly domain: string;
  /** c2s port; default 5222. */
  readonly port?: number;
  /** Direct-TLS c2s port, for transport 'tls'. */
  readonly tlsPort?: number | undefined;
  /** HTTP port for 'websocket' and 'bosh'. */
  readonly httpPort?: number;
  readonly websocketPath?: string;
  readonly boshPath?: string;
}

export type StoryTransport = 'tcp' | 'starttls' | 'tls' | 'websocket' | 'bosh';
export const STORY_TRANSPORTS: readonly StoryTransport[] = ['tcp', 'starttls', 'tls', 'websocket', 'bosh'];

export interface Carrier {
  conn: XmppTransport;
  login: Pick<LoginOptions, 'connect' | 'starttls'>;
}

function need<T>(v: T | undefined, what: string, kind: StoryTransport): T {
  if (v === undefined) throw new StoryConfigError(`transport '${kind}' needs server.${what}`);
  return v;
}

export function carrier(kind: StoryTransport, server: StoryServer, handlers: ConnectionHandlers, connectTimeoutMs: number): Carrier {
  const at = (port: number, tls: boolean) => ({ host: server.host, port, tls, connectTimeoutMs });
  switch (kind) {
    case 'tcp':
      return { conn: new XmppConnection(handlers), login: { connect: at(server.port ?? 5222, false) } };
    case 'starttls':
      return { conn: new XmppConnection(handlers), login: { connect: at(server.port ?? 5222, false), starttls: 'required' } };
    case 'tls':
      return { conn: new XmppConnection(handlers), login: { connect: at(need(server.tlsPort, 'tlsPort', kind), true) } };
    case 'websocket':
      return {
        conn: new XmppWebSocket(handlers, { path: server.websocketPath ?? '/ws' }),
        login: { connect: at(need(server.httpPort, 'httpPort', kind), false) },
      };
    case 'bosh':
      return {
        conn: new XmppBosh(handlers, { path: server.boshPath ?? '/bosh' }),
        login: { connect: at(need(server.httpPort, 'httpPort', kind), false) },
      };
    default:
      throw new StoryConfigError(`unknown transport '${String(kind)}' (one of ${STORY_TRANSPORTS.join(', ')})`);
  }
}
