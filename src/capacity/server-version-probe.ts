/**
 * Asks the server under test its software version (XEP-0092) once, before the search: one
 * login through xload's own story client as the scenario's first account, one iq get to the
 * domain, then close. A failure never stops the search: the version is null and the caller
 * prints the reason as one warning line.
 */
import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import type { Plan } from '../scenario/plan.js';
import { storyServerOf } from '../engine/vm/story-run.js';
import { story } from '../story/story.js';
import { stanza, newId } from '../story/stanza.js';
import { noVersionReason, parseVersionReply, PROBE_RESOURCE, probeAccount, VERSION_NS } from './server-version.js';

export type VersionProbe = { version: string; warning?: undefined } | { version: null; warning: string };

const TIMEOUT_MS = 5000;

export async function probeServerVersion(plan: Plan, timeoutMs = TIMEOUT_MS): Promise<VersionProbe> {
  const server = plan.servers[0];
  if (!server) return { version: null, warning: 'server version unknown: the scenario has no <server>' };
  const domain = plan.options.jabber.domain;
  let at;
  try {
    at = storyServerOf(server, domain, plan.options);
  } catch (err) {
    return { version: null, warning: `server version unknown: ${err instanceof Error ? err.message : String(err)}` };
  }
  const acct = probeAccount(plan, firstRow);
  const where = `${server.host}:${server.port}`;
  try {
    return await story(
      {
        users: { probe: { username: acct.username, password: acct.password } },
        server: at.server,
        transport: at.transport,
        login: { resource: PROBE_RESOURCE },
        initialPresence: false,
        loginTimeoutMs: timeoutMs,
      },
      async ({ probe }): Promise<VersionProbe> => {
        const id = newId('version');
        probe.send(stanza.iqGet(domain, `<query xmlns='${VERSION_NS}'/>`, id));
        const reply = await probe.take((s) => s.name === 'iq' && s.attrs.id === id, timeoutMs);
        if (!reply)
          return { version: null, warning: `server version unknown: ${domain} did not answer jabber:iq:version in ${timeoutMs} ms` };
        const version = parseVersionReply(reply);
        return version === null ? { version: null, warning: `server version unknown: ${noVersionReason(reply)}` } : { version };
      },
    );
  } catch (err) {
    // One line: a story error may carry the client's stanza history after its first line.
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return {
      version: null,
      warning: `server version unknown: the probe could not log in to ${where} as ${acct.from} (${why}); the search runs without it`,
    };
  }
}

function firstRow(path: string): string | null {
  try {
    return (
      readRegularTextSync(path, READ_LIMITS.dataFile)
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.replace(/\r$/, '') ?? null
    );
  } catch {
    return null;
  }
}
