/**
 * XEP-0077 over xload's own XMPP code. Create: each lane keeps one unauthenticated stream
 * and registers account after account on it (§3.1); a server that allows one registration
 * per stream is noticed (an error or a close after the first success) and from then on
 * every account gets its own stream. Delete: log in as the account and send `<remove/>`
 * (§3.2), one stream per account since the server ends it.
 */
import type { XloadError } from '../errors.js';
import { parseElement } from '../xmpp/element.js';
import { SaslError, StanzaError } from '../xmpp/errors.js';
import { NS, registerIq } from '../xmpp/stanzas.js';
import type { Account, Lane, Remaining, ViaRunner } from './batch.js';
import { IbrStream, type StreamTarget } from './ibr-stream.js';
import type { Outcome, UsersOptions } from './types.js';

/** Longest wait for one connect or one iq reply (the batch deadline may cut it shorter). */
const STEP_TIMEOUT_MS = 10_000;

/** XEP-0077 §3.2 account removal, sent on the account's own authenticated stream. */
export function unregisterIq(id: string): string {
  return `<iq type='set' id='${id}'><query xmlns='${NS.register}'><remove/></query></iq>`;
}

/** Answers that no other account of the batch would get differently. */
const FATAL_STANZA = new Set(['not-allowed', 'forbidden', 'service-unavailable', 'feature-not-implemented', 'registration-required']);

export function ibrFatal(err: XloadError): boolean {
  if (err.code.startsWith('connect_') || err.code === 'no_route' || err.code.startsWith('stream_error.')) return true;
  if (err.code.startsWith('protocol_error.starttls')) return true;
  return err instanceof StanzaError && FATAL_STANZA.has(err.condition);
}

function errorOf(raw: string): StanzaError {
  return StanzaError.fromElement(parseElement(raw));
}

/** Shared by a batch's lanes: what was learnt about the server. */
interface ServerHabits {
  onePerStream: boolean;
}

class RegisterLane implements Lane {
  private stream: IbrStream | null = null;
  /** iq:register answers received on the current stream. */
  private answered = 0;
  private seq = 0;

  constructor(
    private readonly target: StreamTarget,
    private readonly habits: ServerHabits,
    private readonly remaining: Remaining,
  ) {}

  async handle(a: Account): Promise<Outcome> {
    for (;;) {
      const reused = await this.ensureStream();
      const id = `reg${++this.seq}`;
      try {
        const reply = await (this.stream as IbrStream).iq(registerIq(id, a.user, a.password), id, this.step());
        if (reply.attrs.type === 'result') return this.answer('done');
        const err = errorOf(reply.raw);
        if (err.condition === 'conflict') return this.answer('already');
        if (!reused) throw err;
        // Refused on a stream that already registered someone: the server's limit per stream.
        this.habits.onePerStream = true;
      } catch (err) {
        if (!reused || (err as XloadError).code === 'timeout' || err instanceof StanzaError) throw err;
        this.habits.onePerStream = true;
      }
      await this.drop();
    }
  }

  private answer(o: Outcome): Outcome {
    this.answered++;
    return o;
  }

  private step(): number {
    return Math.min(STEP_TIMEOUT_MS, this.remaining());
  }

  /** Opens a fresh stream when needed; true when the current one is reused. */
  private async ensureStream(): Promise<boolean> {
    if (this.stream?.usable && !(this.habits.onePerStream && this.answered > 0)) return this.answered > 0;
    await this.drop();
    const s = new IbrStream();
    this.stream = s;
    await s.openAnonymous(this.target, this.step());
    return false;
  }

  private async drop(): Promise<void> {
    const s = this.stream;
    this.stream = null;
    this.answered = 0;
    await s?.close();
  }

  close(): Promise<void> {
    return this.drop();
  }
}

class RemoveLane implements Lane {
  constructor(
    private readonly target: StreamTarget,
    private readonly remaining: Remaining,
  ) {}

  async handle(a: Account): Promise<Outcome> {
    const s = new IbrStream();
    const step = (): number => Math.min(STEP_TIMEOUT_MS, this.remaining());
    try {
      try {
        await s.openLoggedIn({ ...this.target, username: a.user, password: a.password, connectTimeoutMs: step() });
      } catch (err) {
        // No such account, or another password: either way there is nothing of ours to remove.
        if (err instanceof SaslError) return 'already';
        throw err;
      }
      const reply = await s.iq(unregisterIq('unreg1'), 'unreg1', step());
      if (reply.attrs.type === 'result') return 'done';
      throw errorOf(reply.raw);
    } finally {
      await s.close();
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function ibrRunner(o: UsersOptions, action: 'create' | 'delete', remaining: Remaining): ViaRunner {
  const target = { host: o.server.host, port: o.server.port, domain: o.domain };
  const habits: ServerHabits = { onePerStream: false };
  return {
    lanes: o.concurrency,
    openLane: () => (action === 'create' ? new RegisterLane(target, habits, remaining) : new RemoveLane(target, remaining)),
    isFatal: ibrFatal,
  };
}
