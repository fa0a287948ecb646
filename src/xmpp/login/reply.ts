/**
 * What one login step says about an inbound frame. The values are the engine's Match
 * values (src/engine: NotMine, Done, Consumed), so a step's answer is also a reply
 * matcher's answer without a lookup.
 */
import type { XloadError } from '../../errors.js';
import { parseElement } from '../element.js';
import { StanzaError } from '../errors.js';
import type { Frame } from '../framer.js';

export enum Reply {
  /** Not this step's reply: keep waiting. */
  NotMine = 0,
  /** The step is complete. */
  Done = 1,
  /** Part of the step's exchange (a SASL challenge answered): keep waiting. */
  Consumed = 2,
}

/** A step's answer: a Reply, or the typed error the step failed with. */
export type StepAnswer = Reply | XloadError;

/** The reply to an iq is the iq with the same id (RFC 6120 §8.2.3): result, or error. */
export function iqAnswer(f: Frame, id: string | null): StepAnswer {
  if (f.name !== 'iq' || f.attrs.id !== id) return Reply.NotMine;
  if (f.attrs.type === 'result') return Reply.Done;
  if (f.attrs.type === 'error') return StanzaError.fromElement(parseElement(f.raw));
  return Reply.NotMine;
}
