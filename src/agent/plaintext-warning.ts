import { isIP } from 'node:net';

/**
 * The warning an agent prints when it serves gRPC without TLS where another box can reach
 * it: the token and the plans then cross the network in clear text. Loopback (127/8, ::1,
 * localhost) is quiet: nothing leaves the box. Undefined when there is nothing to say.
 */
export function plaintextListenWarning(host: string, tls: boolean): string | undefined {
  if (tls || isLoopback(host)) return undefined;
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '*') {
    return `warning: plaintext gRPC on all interfaces (${host || '*'}): the token and plans travel unencrypted; bind the coordinator-facing address or pass --tls-cert/--tls-key`;
  }
  return `warning: plaintext gRPC on ${host}, reachable from other hosts: the token and plans travel unencrypted; pass --tls-cert/--tls-key, or keep that network private`;
}

/** 127.0.0.0/8, ::1 (and ::ffff:127.x), localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped === null) return expandV6(h) === '0:0:0:0:0:0:0:1';
    return mapped[1]!.startsWith('127.');
  }
  return false;
}

function expandV6(h: string): string {
  const [head, tail] = h.includes('::') ? h.split('::') : [h, undefined];
  const a = head ? head.split(':') : [];
  const b = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - a.length - b.length).fill('0');
  return [...a, ...fill, ...b].map((p) => String(parseInt(p || '0', 16))).join(':');
}
