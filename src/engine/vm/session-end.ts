/**
 * The end of a session, whatever its outcome: the one place a user's counters, error
 * sample, online slot and socket are settled. Part of User (user-internal.ts): `end` is
 * the body of User.end, `requestStop` of User.requestStop.
 */
import { METRIC, sessionCounter, sessionUsersCounter, type SessionCount } from '../../stats/metric-names.js';
import { closeChecks } from './checks.js';
import { closeGracefully } from './drain.js';
import { errorSample } from './error-sample.js';
import { smAbandoned } from './requests/sm-resume.js';
import { dumpRequest } from './traffic-tap.js';
import { INTERRUPTED, type UserOutcome } from './user-api.js';
import type { UserInternal } from './user-internal.js';
import { awaitsReconnection } from './user-wait.js';

/**
 * Graceful stop (end of --duration, first Ctrl-C): a user that is not waiting for a reply
 * ends now; one waiting for a reply ends when it gets it (run() checks).
 */
export function requestStop(user: UserInternal): void {
  user._stopRequested = true;
  // A user between connections has no reply coming: waiting for its reconnection would
  // hold the stop for as long as the back-off allows. A check wait is no exchange left
  // half-done either: it ends now, the check not counted.
  const phase = user._phase;
  if ((phase !== 'awaiting' || awaitsReconnection(user) || user._pending?.mode === 'expect') && phase !== 'ended') user.end(INTERRUPTED);
}

export function endSession(user: UserInternal, outcome: UserOutcome): void {
  if (user._phase === 'ended') return;
  user.setPhase('ended');
  user.timerToken = 0;
  const ext = user.ext;
  ext?.story?.abort();
  const pending = user._pending;
  user._pending = null;
  const host = user.host;
  const stats = host.stats;
  const conn = user._conn;
  user._conn = null;
  if (ext?.checks) closeChecks(user, outcome.kind === 'failed');
  // Ended between connections (a stop or an abort during a reconnection wave): the old
  // stream's unacked stanzas will never be retransmitted, as when the user gives up.
  if (ext?.sm?.dropped) smAbandoned(user);
  if (outcome.kind === 'finished') {
    // A finished session without a connection (it closed its stream itself) has already
    // left the online set; its slot may be another session's now (a CSV name).
    if (conn) {
      leaveOnlineSet(user);
      closeGracefully(user, conn);
    }
    stats.record(user.runOnce ? METRIC.runOnce : METRIC.session, host.now() - user.startedAt);
    stats.count(userCounter(user, 'finished'));
  } else {
    if (outcome.kind === 'failed') {
      const err = outcome.error;
      const op = pending ? pending.op : user._lastRequest;
      stats.error(err.code, 1, () => errorSample(user, err, pending ? pending.req.type : null, op, outcome.step));
      if (host.traffic) dumpRequest(user, pending?.req.type ?? op?.jabber.type ?? 'session', err.code);
      stats.count(userCounter(user, 'failed'));
      if (!user.runOnce) stats.count(sessionUsersCounter('failed', user.session.name));
    } else {
      stats.count(userCounter(user, 'interrupted'));
    }
    leaveOnlineSet(user);
    if (conn && outcome.kind === 'interrupted' && !outcome.abort) {
      closeGracefully(user, conn);
    } else if (conn) {
      user.flushIo(conn);
      conn.destroy();
    }
  }
  host.userEnded(user, outcome.kind === 'failed');
}

/** Off the shard's online and connected sets (others stop picking it as a destination). */
export function leaveOnlineSet(user: UserInternal): void {
  user.setOnline(false);
  user.host.shared.online.setConnected(user.onlineId, false);
}

/** run_once_* for run-once users, so the load's users_* counts stay the load's. */
export function userCounter(user: UserInternal, what: SessionCount): string {
  return sessionCounter(user.runOnce, what);
}
