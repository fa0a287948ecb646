/**
 * A loopback TCP proxy the test controls, in front of a real server, to produce on
 * demand the network faults that stream management and offline storage exist for,
 * without races: the proxy reacts to what the client writes, not to a clock.
 *
 * Rule `blackhole`: from the first stamped chat (`xload1 `) a connection writes, its
 * client->server bytes vanish (a dead uplink), until the client drops it. A connection that
 * resumes a stream (`<resume`) is never blackholed, so the retransmission gets through.
 * Rule `hold`: from the first stamped chat, the connection's client->server bytes are held
 * until release() (then forwarded in order, and the connection passes from then on).
 * `breakResume`: `previd` of every `<resume/>` is replaced, so the server answers `<failed/>`.
 * Server->client bytes always pass. `delayMs` (with any rule) delays every chunk, both ways,
 * by that long, in order: a slow server, or a long link, in front of a real one.
 */
import net from 'node:net';

export interface ProxyOptions {
  targetHost: string;
  targetPort: number;
  rule: 'blackhole' | 'hold' | 'pass';
  breakResume?: boolean;
  delayMs?: number;
}

const MARK = 'xload1 ';

interface Link {
  client: net.Socket;
  server: net.Socket;
  mode: 'pass' | 'blackhole' | 'hold';
  resuming: boolean;
  held: Buffer[];
}

export class TestProxy {
  /** Connections accepted, and those closed by either side. */
  accepted = 0;
  closed = 0;
  /** Stamped chats caught by the rule (blackholed or held), counted once per connection. */
  caught = 0;
  private readonly links = new Set<Link>();
  private readonly closeWaiters: (() => void)[] = [];
  private server: net.Server | null = null;

  constructor(private readonly o: ProxyOptions) {}

  /** Listens on 127.0.0.1 (an ephemeral port); resolves with it. */
  async start(): Promise<number> {
    const srv = net.createServer((c) => this.accept(c));
    this.server = srv;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    return (srv.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const l of this.links) {
      l.client.destroy();
      l.server.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forwards everything held, and lets those connections pass from now on. */
  release(): void {
    for (const l of this.links) {
      if (l.mode !== 'hold') continue;
      l.mode = 'pass';
      for (const b of l.held) this.toServer(l, b);
      l.held = [];
    }
  }

  /** Resolves at the next connection close after this call. */
  nextClose(): Promise<void> {
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    const server = net.connect({ host: this.o.targetHost, port: this.o.targetPort });
    const l: Link = { client, server, mode: 'pass', resuming: false, held: [] };
    this.links.add(l);
    client.pause();
    server.once('connect', () => client.resume());
    client.on('data', (b: Buffer) => this.fromClient(l, b));
    server.on('data', (b: Buffer) => this.later(() => client.write(b)));
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      this.links.delete(l);
      this.closed++;
      client.destroy();
      server.destroy();
      for (const w of this.closeWaiters.splice(0)) w();
    };
    for (const s of [client, server]) {
      s.on('close', end);
      s.on('error', end);
    }
  }

  private fromClient(l: Link, b: Buffer): void {
    let text = b.toString('latin1');
    if (text.includes('<resume ')) {
      l.resuming = true;
      if (this.o.breakResume) {
        text = text.replace(/previd='[^']*'|previd="[^"]*"/, "previd='broken-by-test-proxy'");
        b = Buffer.from(text, 'latin1');
      }
    }
    if (l.mode === 'blackhole') return;
    if (l.mode === 'hold') {
      l.held.push(b);
      return;
    }
    const at = this.o.rule === 'pass' || l.resuming ? -1 : text.indexOf(MARK);
    if (at < 0) {
      this.toServer(l, b);
      return;
    }
    // Everything before the stanza carrying the stamp passes; the stanza and the rest do not.
    const cut = Math.max(0, text.lastIndexOf('<message', at));
    if (cut > 0) this.toServer(l, b.subarray(0, cut));
    this.caught++;
    l.mode = this.o.rule;
    if (l.mode === 'hold') l.held.push(b.subarray(cut));
  }

  private toServer(l: Link, b: Buffer): void {
    this.later(() => l.server.write(b));
  }

  /**
   * Now, or after at least delayMs, in order. Node's timers may fire up to a millisecond
   * early (they count from the loop's cached time), and the slow-link test asserts the
   * link's floor, so each chunk carries its due time on the monotonic clock and one timer
   * drains a FIFO: all chunks share one delay, so due times are already in order.
   */
  private later(f: () => void): void {
    if (!this.o.delayMs) {
      f();
      return;
    }
    this.due.push({ at: performance.now() + this.o.delayMs, f });
    if (this.due.length === 1) this.arm();
  }

  private readonly due: { at: number; f: () => void }[] = [];

  private arm(): void {
    const head = this.due[0];
    if (!head) return;
    setTimeout(
      () => {
        const now = performance.now();
        while (this.due.length > 0 && this.due[0]!.at <= now) this.due.shift()!.f();
        this.arm();
      },
      Math.max(1, head.at - performance.now()),
    );
  }
}
