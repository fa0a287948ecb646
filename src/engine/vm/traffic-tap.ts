import type { TrafficTap, XmppTransport } from '../../xmpp/index.js';
import type { VmUser } from './user-api.js';

/**
 * dumptraffic `true`/`light`: one tap per connection of a user, created only when the run
 * asks, so a run without the option pays one null check per stanza and nothing else.
 */
class UserTap implements TrafficTap {
  constructor(private readonly u: VmUser) {}

  traffic(dir: 'in' | 'out', data: string): void {
    this.u.host.traffic?.stanza(this.u.username, dir, data, this.u.password);
  }
}

/** Puts a tap on `conn` when the run dumps stanzas. */
export function tapConnection(u: VmUser, conn: XmppTransport): void {
  if (u.host.traffic?.stanzas) conn.trafficTap = new UserTap(u);
}

/** dumptraffic `protocol`: one line for a request's outcome. */
export function dumpRequest(u: VmUser, type: string, outcome: string, latencyMs?: number): void {
  const t = u.host.traffic;
  if (t && !t.stanzas) t.request(u.username, type, outcome, latencyMs);
}
