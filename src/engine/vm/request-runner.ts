import type { JabberRequest, RequestOp } from '../../scenario/plan.js';
import { REQUEST_HANDLERS, Sent, type RequestHandler } from './requests/index.js';
import { chat } from './requests/messaging.js';
import type { Pending } from './pending.js';
import { UnsupportedRequestError } from './errors.js';
import { installPending, newPending } from './pending.js';
import { substitute } from './vars.js';
import { slotOfName } from './requests/destination.js';
import type { VmUser } from './user-api.js';
import { failed } from './user-api.js';
import { dumpRequest } from './traffic-tap.js';
import { openChecks, waitChecks } from './checks.js';

/**
 * Starts one `<request>`: fills `%%_var%%` holes, builds and sends the stanza, then
 * decides from the ack mode whether the user blocks. Returns true when it blocks.
 */
export function startRequest(u: VmUser, op: RequestOp): boolean {
  const req = op.subst ? substituteRequest(u, op.jabber) : op.jabber;
  if (req.authenticate) {
    // <xmpp_authenticate>: this session's credentials from here on (Tsung's user_defined id).
    // Its online-set slot follows the name (Tsung keys its online table by it too).
    const { username, passwd } = req.authenticate;
    u.setCredentials(username, passwd, slotOfName(u, username));
  }
  if (req.domain) u.setDomain(req.domain);
  const handler = REQUEST_HANDLERS[req.type];
  if (!handler) {
    u.end(failed(new UnsupportedRequestError(req.type)));
    return true;
  }
  const now = u.host.now();
  // Before the send: a reply may arrive before the handler returns (an in-process peer).
  if (op.expects) openChecks(u, op.expects);
  const p = req.ack === 'no_ack' && PENDING_FREE.has(handler) ? (unused ??= newPending(op, req, 0)) : newPending(op, req, now);
  const sent = handler(u, req, p);
  if (u.ended) return true;
  switch (sent) {
    case Sent.Skipped:
      return op.expects ? waitChecks(u) : false;
    case Sent.MustWait:
      // The exchange cannot be left half-done (socket connect, STARTTLS) whatever the ack.
      installPending(u, p === unused ? newPending(op, req, now) : p);
      return true;
    case Sent.NoReply:
    case Sent.AwaitReply:
      break;
  }
  switch (req.ack) {
    case 'no_ack':
      if (u.host.traffic) dumpRequest(u, req.type, 'sent');
      return op.expects ? waitChecks(u) : false;
    case 'local':
    case 'bidi_ack':
      // Tsung's "local" ends at the first bytes received; xload waits for the reply that
      // belongs to this request, or for any stanza when the request has no natural reply.
      if (sent === Sent.NoReply) p.mode = 'any';
      installPending(u, p);
      return true;
    case 'parse':
      p.mode = 'regexp';
      p.regexp = new RegExp(req.regexp ?? '.');
      installPending(u, p);
      return true;
    case 'global':
      p.mode = 'global';
      p.target = u.host.shared.barrier.arrive();
      installPending(u, p);
      return true;
  }
}

/**
 * Handlers that never read or write their Pending (the chat of every chat scenario): with
 * ack="no_ack" nothing waits, so they share one placeholder instead of one object per send.
 */
const PENDING_FREE: ReadonlySet<RequestHandler> = new Set([chat]);
let unused: Pending | null = null;

function substituteRequest(u: VmUser, req: JabberRequest): JabberRequest {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req)) {
    out[k] = typeof v === 'string' ? substitute(v, u.vars, () => u.host.stats.error('unset_variable')) : v;
  }
  if (req.authenticate) {
    out.authenticate = {
      username: substitute(req.authenticate.username, u.vars),
      passwd: substitute(req.authenticate.passwd, u.vars),
    };
  }
  return out as unknown as JabberRequest;
}
