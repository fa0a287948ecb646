import type { Frame } from './framer.js';
import { parseAttrs } from './lexer.js';

/**
 * A Frame as the ElementScanner yields it: the start tag's attributes are decoded on first
 * read of `attrs`, not when the element is found. A received chat is accounted for from
 * its raw text alone, so its attributes (from, to, id: strings, and a record to hold them)
 * are never built. The scanner has already checked that they are well formed, so errors
 * are reported exactly where they were before.
 */
export class ScannedFrame implements Frame {
  private decoded: Record<string, string> | null = null;

  constructor(
    readonly name: string,
    readonly raw: string,
    /** The attribute list's span in raw: from the end of the name to the tag's `>` or `/>`. */
    private readonly attrsFrom: number,
    private readonly attrsTo: number,
  ) {}

  get attrs(): Record<string, string> {
    return (this.decoded ??= parseAttrs(this.raw, this.attrsFrom, this.attrsTo) ?? {});
  }
}
