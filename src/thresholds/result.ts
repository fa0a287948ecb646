/** One threshold as evaluated at the end of the run (summary.json `thresholds[]`). */
export interface ThresholdResult {
  expr: string;
  ok: boolean;
  /** The measured value (ms for latency, a fraction for rate()); null when there was nothing to measure. */
  value: number | null;
  /** Why `value` is null (e.g. "no samples of xmpp_msg_latency"); the threshold then fails. */
  detail?: string;
  /** The threshold stopped the run early (abort_on_fail). */
  aborted?: boolean;
}
