/**
 * Incremental scanner of a sequence of XML elements (the children of `<stream:stream>`,
 * or one element per WebSocket message, RFC 7395 §3.3.3). It finds where each top-level
 * element ends without building a tree: nested tags only push/pop their names so that a
 * mismatched end tag is caught. Chunks may be split anywhere; an incomplete token is
 * simply re-read when more text arrives.
 */
import { XmlFramingError } from './errors.js';
import { BAD_TAG, INCOMPLETE, attrsWellFormed, findTagEnd, isSpace, nameEnd, onlySpace, sliceCommon } from './lexer.js';
import type { Frame } from './framer.js';
import { ScannedFrame } from './scanned-frame.js';

/** Receives what the scanner finds, in order. */
export interface ScannerSink {
  /** A complete top-level element (its attributes decoded when first read). */
  onElement(frame: Frame): void;
  /** An end tag with no open element (for the stream framer, `</stream:stream>`). */
  onUnmatchedEnd(name: string): void;
  onError(err: XmlFramingError): void;
}

const CDATA_OPEN = '<![CDATA[';

/**
 * Names of the open elements inside the element being scanned (stack[0..depth)), one array
 * for every scanner of the thread: a scanner only calls out (emit, unmatched end) at depth
 * 0, so no two scanners ever hold names in it at once. An element split across pushes
 * parks its names in the scanner's own array until it completes (push, park). Entries are
 * overwritten, never popped: popping lets V8 trim the array's store, and the next push
 * would allocate it again, once per stanza with a child.
 */
const sharedStack: string[] = [];

export class ElementScanner {
  private buf = '';
  /** Next index to scan. */
  private pos = 0;
  /** Start of the current top-level element, valid while depth > 0. */
  private start = 0;
  private depth = 0;
  /** The open-element names while scanning: sharedStack, or `parked` when resuming. */
  private stack: string[] = sharedStack;
  /** Names of an element that a push left unfinished; null almost always. */
  private parked: string[] | null = null;
  /** End of the top element's start tag within its raw text, and of its name. */
  private topNameEnd = 0;
  private topTagEnd = 0;
  private topName = '';
  /** Bumped by reset() so that a sink callback that resets stops the running loop. */
  private gen = 0;
  private failed = false;

  constructor(
    private readonly sink: ScannerSink,
    /** Largest element accepted, in bytes (checked exactly when an element completes). */
    private readonly maxBytes: number,
  ) {}

  reset(): void {
    this.buf = '';
    this.pos = 0;
    this.start = 0;
    this.depth = 0;
    this.stack = sharedStack;
    this.parked = null;
    this.failed = false;
    this.gen++;
  }

  /** Bytes of text currently held (for memory accounting and tests). */
  get buffered(): number {
    return this.buf.length;
  }

  push(chunk: string): void {
    if (this.failed) return;
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    const gen = this.gen;
    this.stack = this.parked ?? sharedStack;
    this.scan(gen);
    this.park();
    if (gen !== this.gen || this.failed) return;
    // Drop what has been consumed; keep the current element (or pending token).
    const keep = this.depth > 0 ? this.start : this.pos;
    if (keep > 0) {
      this.buf = keep >= this.buf.length ? '' : this.buf.slice(keep);
      this.pos -= keep;
      this.start -= keep;
    }
    // Characters never outnumber UTF-8 bytes, so this bound is safe to apply early.
    if (this.buf.length > this.maxBytes) {
      this.fail('stanza_too_large', `element exceeds ${this.maxBytes} bytes`);
    }
  }

  /** After a scan: an unfinished element's names move out of the shared stack. */
  private park(): void {
    if (this.depth === 0 || this.failed) this.parked = null;
    else if (this.stack === sharedStack) this.parked = sharedStack.slice(0, this.depth);
    this.stack = sharedStack;
  }

  private fail(code: 'xml_malformed' | 'stanza_too_large', message: string): void {
    this.failed = true;
    this.buf = '';
    this.sink.onError(new XmlFramingError(code, message));
  }

  private scan(gen: number): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    while (pos < len) {
      const lt = buf.indexOf('<', pos);
      if (this.depth === 0) {
        // Between top-level elements only whitespace (keepalives, RFC 6120 §4.6.1).
        if (!onlySpace(buf, pos, lt === -1 ? len : lt)) {
          this.fail('xml_malformed', 'text outside of an element');
          return;
        }
        this.start = lt;
      }
      if (lt === -1) {
        pos = len;
        break;
      }
      pos = lt;
      if (lt + 1 >= len) break;
      const c = buf.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = buf.indexOf('>', lt + 2);
        if (gt === -1) break;
        if (this.depth === 0) {
          this.pos = gt + 1;
          this.sink.onUnmatchedEnd(buf.slice(lt + 2, nameEnd(buf, lt + 2, gt)));
          return;
        }
        const open = this.stack[this.depth - 1] as string;
        const ne = lt + 2 + open.length;
        if (!buf.startsWith(open, lt + 2) || ne > gt || !onlySpace(buf, ne, gt)) {
          this.fail('xml_malformed', `end tag ${buf.slice(lt, gt + 1)} does not match <${open}>`);
          return;
        }
        pos = gt + 1;
        if (--this.depth === 0) {
          this.emit(buf.slice(this.start, pos));
          if (gen !== this.gen || this.failed) return;
        }
      } else if (c === 33 /* ! */) {
        // Only CDATA sections are allowed; comments and DTDs are not (RFC 6120 §11.1).
        if (lt + CDATA_OPEN.length > len) break;
        if (this.depth === 0 || !buf.startsWith(CDATA_OPEN, lt)) {
          this.fail('xml_malformed', 'comment, DTD or CDATA outside an element');
          return;
        }
        const end = buf.indexOf(']]>', lt + CDATA_OPEN.length);
        if (end === -1) break;
        pos = end + 3;
      } else if (c === 63 /* ? */) {
        this.fail('xml_malformed', 'processing instruction inside the stream');
        return;
      } else {
        const gt = findTagEnd(buf, lt + 1);
        if (gt === INCOMPLETE) break;
        const ne = nameEnd(buf, lt + 1, gt);
        if (gt === BAD_TAG || ne === lt + 1 || isSpace(c)) {
          this.fail('xml_malformed', 'malformed start tag');
          return;
        }
        const selfClosing = buf.charCodeAt(gt - 1) === 47;
        const name = sliceCommon(buf, lt + 1, ne);
        if (this.depth === 0) {
          this.topName = name;
          this.topNameEnd = ne - lt;
          this.topTagEnd = (selfClosing ? gt - 1 : gt) - lt;
        }
        pos = gt + 1;
        if (!selfClosing) {
          this.stack[this.depth++] = name;
        } else if (this.depth === 0) {
          this.emit(buf.slice(lt, pos));
          if (gen !== this.gen || this.failed) return;
        }
      }
    }
    this.pos = pos;
  }

  private emit(raw: string): void {
    // Exact byte check only when the element could exceed the limit in UTF-8.
    if (raw.length * 3 > this.maxBytes && Buffer.byteLength(raw) > this.maxBytes) {
      this.fail('stanza_too_large', `element exceeds ${this.maxBytes} bytes`);
      return;
    }
    if (!attrsWellFormed(raw, this.topNameEnd, this.topTagEnd)) {
      this.fail('xml_malformed', `malformed attributes in <${this.topName}>`);
      return;
    }
    this.sink.onElement(new ScannedFrame(this.topName, raw, this.topNameEnd, this.topTagEnd));
  }
}
