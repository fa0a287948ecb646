import type { ServerSpec } from '../../../scenario/plan.js';
import { XmppBosh, XmppConnection, XmppWebSocket, type ConnectOptions, type XmppTransport } from '../../../xmpp/index.js';
import type { VmUser } from '../user-api.js';

/**
 * The transport for a `<server type>`: TCP or direct TLS, WebSocket (RFC 7395) at the
 * websocket_path option, or BOSH (XEP-0206) at bosh_path. The user is the handler of each.
 * vhost_file (Tsung): the first connection of a session picks its XMPP domain from the file.
 */
export function newTransport(u: VmUser, server: ServerSpec): XmppTransport | null {
  const o = u.host.plan.options;
  const vhosts = o.jabber.vhostFile;
  if (vhosts !== undefined && u.jid === null && u.domain === o.jabber.domain) {
    const row = u.host.files.next(vhosts, 'random', o.jabber.fileIdDelimiter, u.host.rng);
    if (row?.[0]) u.setDomain(row[0].trim());
  }
  switch (server.type) {
    case 'tcp':
    case 'ssl':
    case 'tcp6':
    case 'ssl6':
      return new XmppConnection(u);
    case 'websocket':
    case 'websocket_ssl':
      return new XmppWebSocket(u, { path: o.websocketPath, frame: o.websocketFrame });
    case 'bosh':
    case 'bosh_ssl':
      return new XmppBosh(u, { path: o.boshPath });
    default:
      return null;
  }
}

/**
 * Socket options for a new connection to `server`: TLS by type, a source IP from `<ip>`.
 * A connection keeps its options for its lifetime, and they are the same for every user
 * of a server and source address: one frozen object each, not one per connected user.
 */
export function connectOptions(u: VmUser, server: ServerSpec): ConnectOptions {
  const localAddress = u.host.pickSourceIp();
  const timeout = u.host.plan.options.connectTimeoutMs;
  let byIp = optionCache.get(server);
  if (byIp === undefined) optionCache.set(server, (byIp = new Map()));
  const key = localAddress ?? '';
  const hit = byIp.get(key);
  if (hit !== undefined && hit.connectTimeoutMs === timeout) return hit;
  const o: ConnectOptions = Object.freeze({
    host: server.host,
    port: server.port,
    tls: server.type.endsWith('ssl') || server.type === 'ssl6',
    family: server.type.endsWith('6') ? 6 : 4,
    connectTimeoutMs: timeout,
    ...(localAddress ? { localAddress } : {}),
  });
  byIp.set(key, o);
  return o;
}

const optionCache = new WeakMap<ServerSpec, Map<string, ConnectOptions>>();
