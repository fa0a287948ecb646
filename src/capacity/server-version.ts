/**
 * The server's software version for the capacity history (pure part): which account the
 * probe logs in as, and what a XEP-0092 (jabber:iq:version) reply says.
 */
import type { XmlElement } from '../xmpp/element.js';
import type { Op, Plan } from '../scenario/plan.js';

export const VERSION_NS = 'jabber:iq:version';

/** The probe's own resource, so it never takes over a simulated user's session. */
export const PROBE_RESOURCE = 'xload-version-probe';

export interface ProbeAccount {
  username: string;
  password: string;
  /** Where it came from, for the warning line when the login fails. */
  from: string;
}

/**
 * The scenario's first account. When the first `<xmpp_authenticate>` of the first session
 * takes its name from a `<setdynvars sourcetype="file">` (`%%_u%%`), the first row of that
 * file; otherwise the pool's first user, `<username>1` / `<passwd>1` (Tsung's naming).
 * `readFirstRow` returns the file's first non-empty line, or null.
 */
export function probeAccount(plan: Plan, readFirstRow: (path: string) => string | null): ProbeAccount {
  const j = plan.options.jabber;
  const pool: ProbeAccount = { username: `${j.username}1`, password: `${j.passwd}1`, from: `pool user ${j.username}1` };
  const ops = plan.sessions[0]?.ops ?? [];
  const auth = firstAuthenticate(ops);
  if (!auth || !/%%_\w+%%/.test(auth.username + auth.passwd)) return pool;
  const vars = new Map<string, string>();
  for (const op of flatten(ops)) {
    if (op.kind !== 'setdynvars' || op.source.type !== 'file') continue;
    const src = op.source;
    const file = plan.options.fileServers.find((f) => f.id === src.fileId);
    const row = file ? readFirstRow(file.path) : null;
    if (row === null || !file) continue;
    const cols = row.split(src.delimiter);
    op.vars.forEach((v, i) => {
      if (!vars.has(v) && cols[i] !== undefined) vars.set(v, cols[i]!);
    });
    const fill = (s: string) => s.replace(/%%_(\w+)%%/g, (m, name: string) => vars.get(name) ?? m);
    const username = fill(auth.username);
    const password = fill(auth.passwd);
    if (!/%%_\w+%%/.test(username + password)) return { username, password, from: `the first row of ${file.path}` };
  }
  return pool;
}

function firstAuthenticate(ops: readonly Op[]): { username: string; passwd: string } | undefined {
  for (const op of flatten(ops)) if (op.kind === 'request' && op.jabber.authenticate) return op.jabber.authenticate;
  return undefined;
}

/** Ops in document order, nested bodies included. */
function* flatten(ops: readonly Op[]): Generator<Op> {
  for (const op of ops) {
    yield op;
    if ('ops' in op) yield* flatten(op.ops);
  }
}

/**
 * XEP-0092 §2: `<query xmlns='jabber:iq:version'><name/><version/><os/></query>` in an iq
 * result → "name version" (e.g. "ejabberd 23.01"); the OS is left out, it is not the
 * server's software. Null when the reply is an error or carries no name.
 */
export function parseVersionReply(iq: XmlElement): string | null {
  if (iq.name !== 'iq' || iq.attrs.type !== 'result') return null;
  const query = iq.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'query');
  if (!query || query.attrs.xmlns !== VERSION_NS) return null;
  const text = (name: string) => {
    const el = query.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
    return el
      ? el.children
          .filter((c): c is string => typeof c === 'string')
          .join('')
          .trim()
      : '';
  };
  const name = text('name');
  if (name === '') return null;
  const version = text('version');
  return version === '' ? name : `${name} ${version}`;
}

/** Why the reply gave no version, for the warning line. */
export function noVersionReason(iq: XmlElement): string {
  if (iq.attrs.type === 'error') {
    const err = iq.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'error');
    const cond = err?.children.find((c): c is XmlElement => typeof c !== 'string');
    return `the server answered with an error${cond ? ` (${cond.name})` : ''}`;
  }
  return 'the reply has no <name> in its jabber:iq:version query';
}
