import type { StatsRead } from '../report/ndjson.js';
import { COUNTER, GAUGE, METRIC } from '../stats/metric-names.js';

/** GET /status.json while a run goes: the figures Tsung's dashboard shows, as plain JSON. */
export interface LiveStatus {
  schema: 'xload.live/1';
  run_id: string;
  scenario: string;
  /** `running` until stats.ndjson's end line is written, then the run's status. */
  state: 'starting' | 'running' | 'completed' | 'aborted' | 'failed';
  phase: number;
  elapsed_s: number;
  users: { active: number; connected: number; started: number; finished: number; failed: number };
  /** Per second over the last closed interval. */
  rates: {
    arrivals: number;
    stanzas_in: number;
    stanzas_out: number;
    bytes_in: number;
    bytes_out: number;
    messages_sent: number;
    messages_delivered: number;
    errors: number;
  };
  /** Error counts by class since the start. */
  errors: Record<string, number>;
  errors_total: number;
  /** p50/p99 of xmpp_msg_latency over the last interval, ms (absent without samples). */
  msg_latency?: { p50_ms: number; p99_ms: number };
}

/** Builds the status from what the tail has read; phase comes from the engine (not in the file). */
export function liveStatus(data: StatsRead | undefined, phase: number): LiveStatus {
  const zeroRates = {
    arrivals: 0,
    stanzas_in: 0,
    stanzas_out: 0,
    bytes_in: 0,
    bytes_out: 0,
    messages_sent: 0,
    messages_delivered: 0,
    errors: 0,
  };
  const status: LiveStatus = {
    schema: 'xload.live/1',
    run_id: data?.header.run_id ?? '',
    scenario: data?.header.scenario ?? '',
    state: data === undefined ? 'starting' : (data.end?.status ?? 'running'),
    phase,
    elapsed_s: 0,
    users: { active: 0, connected: 0, started: 0, finished: 0, failed: 0 },
    rates: zeroRates,
    errors: {},
    errors_total: 0,
  };
  if (data === undefined) return status;
  const sum = (name: string) => data.intervals.reduce((a, l) => a + (l.counters[name] ?? 0), 0);
  for (const l of data.intervals) for (const [cls, n] of Object.entries(l.errors)) status.errors[cls] = (status.errors[cls] ?? 0) + n;
  status.errors_total = Object.values(status.errors).reduce((a, b) => a + b, 0);
  status.users.started = sum(COUNTER.usersStarted);
  status.users.finished = sum(COUNTER.usersFinished);
  status.users.failed = sum(COUNTER.usersFailed);
  const last = data.intervals.at(-1);
  if (last === undefined) return status;
  status.elapsed_s = data.end?.duration_s ?? last.t_s;
  status.users.active = last.gauges[GAUGE.usersActive] ?? 0;
  status.users.connected = last.gauges[GAUGE.usersConnected] ?? 0;
  const per = (n: number | undefined) => Math.round(((n ?? 0) * 1000 * 100) / Math.max(1, last.interval_ms)) / 100;
  const c = last.counters;
  status.rates = {
    arrivals: per(c[COUNTER.usersStarted]),
    stanzas_in: per(c[COUNTER.stanzasReceived]),
    stanzas_out: per(c[COUNTER.stanzasSent]),
    bytes_in: per(c[COUNTER.bytesReceived]),
    bytes_out: per(c[COUNTER.bytesSent]),
    messages_sent: per(c[COUNTER.messagesSent]),
    messages_delivered: per(c[COUNTER.messagesDelivered]),
    errors: per(Object.values(last.errors).reduce((a, b) => a + b, 0)),
  };
  const m = last.metrics[METRIC.msgLatency];
  if (m && m.count > 0) status.msg_latency = { p50_ms: m.p50_ms, p99_ms: m.p99_ms };
  return status;
}
