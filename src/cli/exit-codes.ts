/**
 * Documented process exit codes (README "Exit codes"). Scripts and CI gate on these, so
 * values never change meaning; new outcomes get new numbers.
 */
export const ExitCode = {
  ok: 0,
  /** Unexpected failure: a bug in xload. */
  internal: 1,
  /** A command-line flag or argument is wrong. */
  usage: 2,
  /** The scenario does not parse, validate or compile (`check`, or `start` before the run). */
  invalidScenario: 3,
  /** The run happened but failed: e.g. no user could connect, or every user failed. */
  runFailed: 4,
  /** The run was aborted (second Ctrl-C, abort="all", abort-on-fail threshold). */
  aborted: 5,
  /** Input data for `report`/`compare` is missing or unreadable. */
  badInput: 6,
  /** `capacity --history` found the capacity dropped beyond --max-drop against recent runs. */
  capacityDropped: 97,
  /** `compare` found a regression beyond --max-regression. */
  regression: 98,
  /** One or more thresholds failed (as k6). */
  thresholdsFailed: 99,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
