// The part of net-snmp (npm, no bundled types) that the snmp monitor uses.
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export const Version1: 0;
  export const Version2c: 1;

  export interface Varbind {
    oid: string;
    type: number;
    /** Integer/Counter/Gauge/TimeTicks: number; OctetString and Counter64: Buffer. */
    value: number | Buffer | string | null;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    transport?: 'udp4' | 'udp6';
    version?: 0 | 1;
  }

  export interface Session extends EventEmitter {
    get(oids: string[], callback: (error: Error | null, varbinds: Varbind[]) => void): void;
    close(): void;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function isVarbindError(varbind: Varbind): boolean;

  const snmp: {
    Version1: typeof Version1;
    Version2c: typeof Version2c;
    createSession: typeof createSession;
    isVarbindError: typeof isVarbindError;
  };
  export default snmp;
}
