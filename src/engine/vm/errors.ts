import { XloadError } from '../../errors.js';

/** An acked request got no reply in time (class `timeout`). */
export class RequestTimeoutError extends XloadError {
  constructor(
    readonly requestType: string,
    ms: number,
  ) {
    super('timeout', `no reply to ${requestType} within ${ms} ms`);
  }
}

/** ack="global" waited longer than global_ack_timeout for the other users. */
export class GlobalAckTimeoutError extends XloadError {
  constructor(ms: number) {
    super('global_ack_timeout', `global ack not reached within ${ms} ms`);
  }
}

/** A request type the compiler knows but this engine does not run yet. */
export class UnsupportedRequestError extends XloadError {
  constructor(readonly requestType: string) {
    super('unsupported_request', `request type ${requestType} is not supported by this engine yet`);
  }
}

/** A request needs a connection and the user has none (e.g. a chat before connect). */
export class NotConnectedError extends XloadError {
  constructor(readonly requestType: string) {
    super('not_connected', `${requestType} needs an open connection; add a connect request first`);
  }
}

/** `<match do="abort">` fired, or `<abort>` in a session. */
export class SessionAbortedError extends XloadError {
  constructor(reason: string) {
    super('session_aborted', reason);
  }
}

/** No free user id left (more concurrent users than userid_max). */
export class UserIdsExhaustedError extends XloadError {
  constructor(max: number) {
    super('userid_exhausted', `all ${max} user ids are in use; raise userid_max`);
  }
}

/** An `<expect on_fail="end_session|stop_run">` check got no matching stanza in time (class `check_failed.<name>`). */
export class CheckFailedError extends XloadError {
  constructor(
    readonly check: string,
    what: string,
  ) {
    super(`check_failed.${check}`, `check ${check} failed: ${what}`);
  }
}
