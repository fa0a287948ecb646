/**
 * XMPP over BOSH (XEP-0124, XEP-0206), the session on top of BoshHttp's requests: sid and
 * rid, the stream's creation, restart and termination, and the outgoing queue. The client
 * keeps at most `requests` (hold + 1) POSTs open: one parked at the server to carry what
 * it has for us, and one to carry what we send (XEP-0124 §11). Stanzas sent while both are
 * busy queue and go in the next request's body. Every `<body/>` child of a response is
 * handed on as a Frame, with the same names as over TCP.
 */
import type http from 'node:http';
import type { XloadError } from '../errors.js';
import { CLOSE_GRACE_MS, type ConnectionHandlers } from './connection-types.js';
import { parseElement } from './element.js';
import { ClosedByServerError, ConnectError, StreamError, TlsError, type XmlFramingError } from './errors.js';
import { DEFAULT_MAX_STANZA_BYTES, type Frame } from './framer.js';
import { ElementScanner, type ScannerSink } from './scanner.js';
import { bodyInner, bodyOpenAttrs, restartBody, sessionBody, terminateBody, wrapBody } from './bosh-body.js';
import { BoshHttp, WAIT_S } from './bosh-http.js';
import type { HttpTarget, TrafficTap, XmppTransport } from './transport.js';
import { withClientNs } from './client-ns.js';

/**
 * The head start the request in flight gets over the next one (see flush): at least this,
 * or twice the server's recent turn when that is longer, up to PARK_LEAD_MAX_MS.
 */
const PARK_LEAD_MIN_MS = 2;
const PARK_LEAD_MAX_MS = 25;
/** Weight of each new sample of the server's turn in its moving average. */
const TURN_EWMA_WEIGHT = 1 / 8;

export class XmppBosh extends BoshHttp implements XmppTransport, ScannerSink {
  stanzasIn = 0;
  stanzasOut = 0;
  /** See XmppTransport.onSend. */
  onSend: ((data: string) => void) | null = null;
  /** See XmppTransport.trafficTap. */
  trafficTap: TrafficTap | null = null;
  streamId = '';
  private sid = '';
  private rid = Math.floor(Math.random() * 2 ** 40) + 1;
  private queue: string[] = [];
  private readonly scanner: ElementScanner;
  private closeErr: XloadError | null = null;
  private terminated = false;
  /** The request posted last, and when its bytes reached the kernel (NaN: not yet). */
  private last: http.ClientRequest | null = null;
  private lastWrittenAt = NaN;
  /** When a request posted behind one in flight reached the kernel (NaN: none pending). */
  private overtakeAt = NaN;
  /** Moving average of the server's turn: from such a request's write to the older one's answer. */
  private serverTurnMs = 0;
  private flushTimer: NodeJS.Immediate | NodeJS.Timeout | null = null;

  constructor(handlers: ConnectionHandlers, target: HttpTarget) {
    super(handlers, target);
    this.scanner = new ElementScanner(this, DEFAULT_MAX_STANZA_BYTES);
  }

  /** XEP-0124 §7.1 session creation, or XEP-0206 §5 restart after SASL. */
  openStream(to: string, opts?: { version?: '1.0' | null; lang?: string }): void {
    this.scanner.reset();
    if (!this.sid) this.post(sessionBody(this.rid++, to, WAIT_S, opts?.version !== null), true);
    else this.post(restartBody(this.rid++, this.sid, to), false);
  }

  send(data: string): boolean {
    if (this._state !== 'connected' || !this.sid) return false;
    this.stanzasOut++;
    this.queue.push(withClientNs(data));
    this.flush();
    this.onSend?.(data);
    this.trafficTap?.traffic('out', data);
    return true;
  }

  private flush(): void {
    if (!this.sid || this.terminated) return;
    if (this.queue.length > 0 && this.inflight.size < this.maxRequests) {
      // A request must not reach the server before the one with the rid below it: ejabberd
      // (ejabberd_bosh:active1) queues the higher rid and, when the lower arrives empty, holds
      // both until something is pushed to the user: the stanza can sit unanswered for `wait`
      // (30 s). Over two connections nothing orders them, so a stanza waits until the request
      // in flight has been in the kernel for a head start that grows with the server's turn
      // (a loaded server reads its sockets late). Counted from the write, not the post: a
      // request that needs a new connection leaves later than one on a warm socket.
      if (this.last !== null && this.inflight.has(this.last)) {
        if (Number.isNaN(this.lastWrittenAt)) return; // its 'finish' flushes again
        const ahead = this.parkLeadMs() - (performance.now() - this.lastWrittenAt);
        if (ahead > 0) return this.later(ahead);
      }
      const payload = this.queue.join('');
      this.queue = [];
      this.track(this.post(wrapBody(this.rid++, this.sid, payload), false), this.inflight.size > 0);
    } else if (this.inflight.size === 0 && this._state === 'connected') {
      // Keep one request parked at the server so it can push to us (XEP-0124 §11).
      this.track(this.post(wrapBody(this.rid++, this.sid, ''), false), false);
    }
  }

  /** Twice the server's recent turn, within [PARK_LEAD_MIN_MS, PARK_LEAD_MAX_MS]. */
  private parkLeadMs(): number {
    return Math.min(PARK_LEAD_MAX_MS, Math.max(PARK_LEAD_MIN_MS, 2 * this.serverTurnMs));
  }

  /** Notes when `req`'s bytes reach the kernel; `behind`: posted while another was in flight. */
  private track(req: http.ClientRequest, behind: boolean): void {
    this.last = req;
    this.lastWrittenAt = NaN;
    if (behind) this.overtakeAt = NaN;
    req.once('finish', () => {
      const now = performance.now();
      if (behind) this.overtakeAt = now;
      if (this.last !== req) return;
      this.lastWrittenAt = now;
      if (this.queue.length > 0) this.flush();
    });
  }

  startTls(onDone: (err?: XloadError) => void): void {
    onDone(new TlsError('STARTTLS is not used over BOSH (XEP-0206 §4); use type="bosh_ssl"'));
  }

  /** XEP-0124 §13: a terminate body, with an unavailable presence as XEP-0206 suggests. */
  close(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    // onClose always comes after close() returns, as for a socket.
    if (this._state !== 'connected' || !this.sid) return void setImmediate(() => this.end(null));
    this.setState('closing');
    this.terminated = true;
    const payload = this.queue.join('') + "<presence type='unavailable' xmlns='jabber:client'/>";
    this.queue = [];
    this.post(terminateBody(this.rid++, this.sid, payload), false, true);
    // As over TCP (CLOSE_GRACE_MS): a server that never answers the terminate does not
    // keep the user waiting; ejabberd sometimes holds it behind the parked request.
    setTimeout(() => this.end(null), CLOSE_GRACE_MS).unref();
  }

  destroy(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    this.end(this.closeErr);
  }

  protected onBody(text: string, creating: boolean, terminating: boolean, req: http.ClientRequest): void {
    if (this._state === 'closed') return;
    if (!Number.isNaN(this.overtakeAt)) {
      // The older request answered once the newer one reached the server (hold is 1): that
      // gap is the server's turn, what the next head start must cover. An answer to the newer
      // one first (or one long after) says nothing of it: drop it, or saturate at the cap.
      const turn = Math.min(PARK_LEAD_MAX_MS, performance.now() - this.overtakeAt);
      this.overtakeAt = NaN;
      if (req !== this.last && turn >= 0) this.serverTurnMs += (turn - this.serverTurnMs) * TURN_EWMA_WEIGHT;
    }
    const attrs = bodyOpenAttrs(text);
    if (!attrs) return this.end(new ConnectError('connect_error.bosh', 'BOSH response is not a <body/>'));
    if (creating) {
      if (!attrs.sid) return this.end(new ConnectError('connect_error.bosh', 'BOSH session creation without sid'));
      this.sid = attrs.sid;
      this.maxRequests = Math.max(1, Number(attrs.requests ?? 2) || 2);
      this.streamId = attrs.authid ?? attrs.sid;
      this.handlers.onStreamOpen({ ...attrs, id: this.streamId });
    }
    const inner = bodyInner(text);
    if (inner) this.scanner.push(inner);
    if (attrs.type === 'terminate') {
      const cond = attrs.condition;
      return this.end(
        this.closeRequested || terminating
          ? null
          : cond
            ? new StreamError(cond)
            : new ClosedByServerError('server terminated the BOSH session'),
      );
    }
    if (terminating) return this.end(null);
    if (this.queue.length > 0) return this.flush();
    // The parked request goes out a turn later, not from inside this response's 'end': posted
    // now it would need a new connection (this one is not back in the agent's pool yet), while
    // a stanza sent right after would take the freed warm one and overtake it. A turn later the
    // park reuses this connection, and a stanza sent meanwhile rides in it.
    this.later(0);
  }

  /** Runs flush() after `ms` (0: the next turn), once however often asked. */
  private later(ms: number): void {
    if (this.flushTimer !== null) return;
    const run = () => {
      this.flushTimer = null;
      if (this._state === 'connected') this.flush();
    };
    this.flushTimer = ms <= 0 ? setImmediate(run) : setTimeout(run, ms);
  }

  protected end(err: XloadError | null): void {
    if (this._state === 'closed') return;
    this.closeErr ??= err;
    this.setState('closed');
    this.stopRequests();
    this.handlers.onClose(this.closeErr);
  }

  // ScannerSink: the children of each response body.

  onElement(frame: Frame): void {
    this.stanzasIn++;
    this.trafficTap?.traffic('in', frame.raw);
    if (frame.name === 'stream:error') {
      let err: XloadError;
      try {
        err = StreamError.fromElement(parseElement(frame.raw), frame.raw);
      } catch {
        err = new StreamError('undefined-condition', undefined, frame.raw);
      }
      return this.end(err);
    }
    this.handlers.onFrame(frame);
  }

  onUnmatchedEnd(): void {
    // A body's content is whole elements; a stray end tag is the server's mistake: ignore.
  }

  onError(err: XmlFramingError): void {
    this.end(err);
  }
}
