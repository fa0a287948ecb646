/**
 * A scripted fake XMPP server peer, only for faults a real server will not produce on
 * demand (malformed XML, a close in the middle of a stanza, an oversize stanza). It listens
 * on 127.0.0.1 on a free port, and for each connection runs the script: wait for text the
 * client must send, write bytes, pause, or end/destroy the socket.
 */
import net from 'node:net';

export type PeerStep =
  /** Wait until the client has sent text containing this. */
  | { expect: string }
  /** Write this text (as one write). */
  | { send: string }
  | { sleepMs: number }
  /** Half-close (FIN) after the writes so far. */
  | { end: true }
  /** Reset the connection at once. */
  | { destroy: true };

export interface FakePeer {
  port: number;
  /** Everything each client sent, in connection order. */
  received: string[];
  close(): Promise<void>;
}

/** Starts a fake peer that runs `script` on every accepted connection. */
export async function startFakePeer(script: PeerStep[]): Promise<FakePeer> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    const idx = received.push('') - 1;
    let waiter: (() => void) | null = null;
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      received[idx] += d;
      waiter?.();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      sockets.delete(sock);
      waiter?.();
    });
    void run(
      sock,
      script,
      () => received[idx] ?? '',
      (w) => (waiter = w),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function run(sock: net.Socket, script: PeerStep[], got: () => string, setWaiter: (w: (() => void) | null) => void): Promise<void> {
  for (const step of script) {
    if (sock.destroyed) return;
    if ('expect' in step) {
      // Bounded: a step never waits longer than 5 s.
      const deadline = Date.now() + 5000;
      while (!got().includes(step.expect) && !sock.destroyed && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 100);
          setWaiter(() => {
            clearTimeout(t);
            resolve();
          });
        });
        setWaiter(null);
      }
    } else if ('send' in step) {
      sock.write(step.send);
    } else if ('sleepMs' in step) {
      await new Promise((r) => setTimeout(r, step.sleepMs));
    } else if ('end' in step) {
      sock.end();
    } else {
      sock.destroy();
    }
  }
}

/** A server stream header as ejabberd writes it. */
export function serverHeader(id = 'fake-1'): string {
  return (
    `<?xml version='1.0'?><stream:stream id='${id}' version='1.0' xml:lang='en' ` +
    `xmlns:stream='http://etherx.jabber.org/streams' from='localhost' xmlns='jabber:client'>`
  );
}
