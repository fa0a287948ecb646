/**
 * Incremental framer of an inbound XMPP stream (RFC 6120 §4): reads the optional XML
 * declaration and the `<stream:stream>` open tag itself, then hands the stream's content
 * to an ElementScanner, which yields each top-level element (stanza, features, SASL
 * reply) as one Frame. The stream close tag ends the stream.
 */
import { XmlFramingError } from './errors.js';
import { BAD_TAG, INCOMPLETE, findTagEnd, nameEnd, onlySpace, parseAttrs } from './lexer.js';
import { ElementScanner, type ScannerSink } from './scanner.js';

/**
 * One complete top-level element of the stream. Its strings are slices of the receive
 * buffer: copy any you keep long-term, or they keep the whole chunk alive.
 */
export interface Frame {
  /** Qualified name as received, e.g. 'message', 'iq', 'stream:features', 'success'. */
  name: string;
  /** Attributes of the element's start tag, entities decoded. */
  attrs: Record<string, string>;
  /** The whole element's text as received. */
  raw: string;
}

/** Receives stream events from a StreamFramer. */
export interface FramerSink {
  onStreamOpen(attrs: Record<string, string>): void;
  onFrame(frame: Frame): void;
  onStreamClose(): void;
  onError(err: XmlFramingError): void;
}

export interface FramerOptions {
  /** Largest stanza accepted, in bytes; default 1 MiB (ejabberd's default max_stanza_size is larger). */
  maxStanzaBytes?: number;
}

export const DEFAULT_MAX_STANZA_BYTES = 1024 * 1024;

type FramerState = 'prelude' | 'open' | 'closed' | 'failed';

export class StreamFramer implements ScannerSink {
  private state: FramerState = 'prelude';
  /** Text received before the stream open tag is complete (small: declaration + tag). */
  private pre = '';
  private readonly scanner: ElementScanner;
  private readonly maxBytes: number;

  constructor(
    private readonly sink: FramerSink,
    opts?: FramerOptions,
  ) {
    this.maxBytes = opts?.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES;
    this.scanner = new ElementScanner(this, this.maxBytes);
  }

  /** Forgets everything: the next text must open a new stream (after SASL success or STARTTLS). */
  reset(): void {
    this.state = 'prelude';
    this.pre = '';
    this.scanner.reset();
  }

  push(chunk: string): void {
    if (this.state === 'open') {
      this.scanner.push(chunk);
    } else if (this.state === 'prelude') {
      this.pre += chunk;
      this.readPrelude();
    }
    // 'closed' and 'failed': anything after the end is ignored.
  }

  private readPrelude(): void {
    const buf = this.pre;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (!onlySpace(buf, pos, lt === -1 ? buf.length : lt)) return this.fail('text before the stream header');
      if (lt === -1 || lt + 1 >= buf.length) break;
      pos = lt;
      if (buf.startsWith('<?', lt)) {
        // The XML declaration is allowed once, before the stream header (RFC 6120 §11.5).
        if (lt + 5 >= buf.length) break;
        if (!buf.startsWith('<?xml', lt) || !isSpaceOrEnd(buf.charCodeAt(lt + 5))) {
          return this.fail('processing instruction before the stream header');
        }
        const end = buf.indexOf('?>', lt + 5);
        if (end === -1) break;
        pos = end + 2;
        continue;
      }
      if (buf.charCodeAt(lt + 1) === 33 /* ! */) return this.fail('comment or DTD before the stream header');
      const gt = findTagEnd(buf, lt + 1);
      if (gt === INCOMPLETE) break;
      const ne = nameEnd(buf, lt + 1, gt);
      const name = buf.slice(lt + 1, ne);
      if (gt === BAD_TAG || !(name === 'stream' || name.endsWith(':stream'))) {
        return this.fail(`expected a stream header, got <${name}`);
      }
      if (buf.charCodeAt(gt - 1) === 47) return this.fail('self-closed stream header');
      const attrs = parseAttrs(buf, ne, gt);
      if (attrs === null) return this.fail('malformed stream header attributes');
      this.state = 'open';
      this.pre = '';
      this.sink.onStreamOpen(attrs);
      // The sink may have reset or failed us; only continue on the same open stream.
      if (this.state === 'open' && gt + 1 < buf.length) this.scanner.push(buf.slice(gt + 1));
      return;
    }
    this.pre = pos === 0 ? buf : buf.slice(pos);
    if (this.pre.length > this.maxBytes) this.fail('stream header too long');
  }

  private fail(message: string): void {
    this.state = 'failed';
    this.pre = '';
    this.sink.onError(new XmlFramingError('xml_malformed', message));
  }

  onElement(frame: Frame): void {
    this.sink.onFrame(frame);
  }

  onUnmatchedEnd(name: string): void {
    if (name === 'stream' || name.endsWith(':stream')) {
      this.state = 'closed';
      this.scanner.reset();
      this.sink.onStreamClose();
    } else {
      this.state = 'failed';
      this.scanner.reset();
      this.sink.onError(new XmlFramingError('xml_malformed', `unexpected end tag </${name}>`));
    }
  }

  onError(err: XmlFramingError): void {
    this.state = 'failed';
    this.sink.onError(err);
  }
}

function isSpaceOrEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 63;
}
