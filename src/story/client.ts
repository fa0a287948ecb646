/**
 * One logged-in story user: an XmppTransport after the shared login flow, an inbox of
 * parsed stanzas nobody has read yet, and the history of everything sent and received.
 */
import type { XloadError } from '../errors.js';
import type { ConnectionHandlers } from '../xmpp/connection-types.js';
import { parseElement, type XmlElement } from '../xmpp/element.js';
import type { Frame } from '../xmpp/framer.js';
import type { XmppTransport } from '../xmpp/transport.js';
import { formatHistory, type HistoryEntry } from './history.js';
import { bareJid } from './jid.js';
import { noteRosterPush } from './roster.js';

/** A received stanza: the parsed element plus what arrived on the wire. */
export interface Stanza extends XmlElement {
  readonly raw: string;
}

interface Waiter {
  accept: (s: Stanza) => boolean;
  resolve: (s: Stanza) => void;
}

/** Which client received a stanza, so a failed assertion can print that user's history. */
const receivers = new WeakMap<Stanza, StoryClient>();

export function receiverOf(s: Stanza): StoryClient | undefined {
  return receivers.get(s);
}

export class StoryClient implements ConnectionHandlers {
  /** Full JID once logged in. */
  jid = '';
  readonly inbox: Stanza[] = [];
  readonly history: HistoryEntry[] = [];
  /** Set once the transport is gone: null = a close we asked for. */
  closed: XloadError | null | undefined = undefined;
  /** Every resource of this user's account in the story, this one included. */
  resources: StoryClient[] = [this];
  /** Bare JIDs this client's roster gained during the story (pushes and own adds). */
  readonly rosterTouched = new Set<string>();
  conn!: XmppTransport;
  private waiters: Waiter[] = [];
  private closeWaiters: (() => void)[] = [];
  private readonly t0 = performance.now();

  constructor(
    /** The story's name for this user, e.g. 'alice' (or 'alice2' for a second resource). */
    readonly name: string,
    readonly username: string,
    readonly password: string,
  ) {}

  get bare(): string {
    return bareJid(this.jid);
  }

  onConnected(): void {}
  onStreamOpen(): void {}
  onFrame(f: Frame): void {
    let s: Stanza;
    try {
      s = { ...parseElement(f.raw), raw: f.raw };
    } catch {
      s = { name: f.name, attrs: f.attrs, children: [], raw: f.raw };
    }
    receivers.set(s, this);
    noteRosterPush(s, this.rosterTouched);
    this.history.push({ dir: 'in', atMs: performance.now() - this.t0, xml: f.raw });
    const w = this.waiters.find((x) => x.accept(s));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(s);
    } else this.inbox.push(s);
  }
  onClose(err: XloadError | null): void {
    this.closed = err;
    for (const f of this.closeWaiters.splice(0)) f();
  }

  /** Sends a built stanza (stanza.*) or raw XML. */
  send(xml: string): void {
    this.history.push({ dir: 'out', atMs: performance.now() - this.t0, xml });
    this.conn.send(xml);
  }

  /**
   * The first unread stanza that `accept` takes (removed from the inbox), or the next such
   * to arrive; undefined after `timeoutMs`.
   */
  take(accept: (s: Stanza) => boolean, timeoutMs: number): Promise<Stanza | undefined> {
    const i = this.inbox.findIndex(accept);
    if (i !== -1) return Promise.resolve(this.inbox.splice(i, 1)[0]);
    return new Promise((resolve) => {
      const w: Waiter = {
        accept,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Drops every unread stanza (escalus's drop_all). */
  dropAll(): Stanza[] {
    return this.inbox.splice(0);
  }

  formatHistory(): string {
    return formatHistory(`${this.name} (${this.jid || this.username})`, this.history);
  }

  /** Drops the connection at once, without closing the stream (the run ended the story). */
  drop(): void {
    if (this.closed === undefined && this.conn) this.conn.destroy();
  }

  /** Ends the stream politely and waits for the transport to go (destroying it after graceMs). */
  close(graceMs = 3000): Promise<void> {
    if (this.closed !== undefined || !this.conn) return Promise.resolve();
    // Never connected, or already gone: no stream to end and maybe no close callback to wait for.
    if (this.conn.state === 'idle' || this.conn.state === 'closed') {
      this.conn.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.conn.destroy();
        resolve();
      }, graceMs);
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
      if (this.conn.state === 'connected') this.conn.close();
      else this.conn.destroy();
    });
  }
}
