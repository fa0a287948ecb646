/**
 * The small part of @xmpp/client (0.14, untyped JavaScript) that integration tests use as
 * an independent real client. Only what the tests call; extend when a test needs more.
 */
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events';

  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<XmlElement | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    toString(): string;
  }

  export function xml(name: string, attrs?: Record<string, string> | null, ...children: Array<XmlElement | string>): XmlElement;

  /** Runs SASL with the chosen mechanism (RFC 6120 §6). */
  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>;

  export interface ClientOptions {
    service: string;
    domain: string;
    resource?: string;
    username?: string;
    password?: string;
    /** Called with the offered mechanisms; lets a test pick PLAIN or SCRAM. */
    credentials?: (authenticate: Authenticate, mechanisms: string[]) => Promise<void>;
  }

  export interface XmppClient extends EventEmitter {
    start(): Promise<unknown>;
    stop(): Promise<void>;
    send(...elements: XmlElement[]): Promise<void>;
    jid: { toString(): string; getLocal(): string } | null;
    status: string;
  }

  export function client(options: ClientOptions): XmppClient;
}
