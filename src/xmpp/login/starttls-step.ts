/** STARTTLS (RFC 6120 §5.4.2): after `<starttls/>`, the server says proceed or failure. */
import { TlsError } from '../errors.js';
import type { Frame } from '../framer.js';
import { Reply, type StepAnswer } from './reply.js';

/** Done on `<proceed/>`: the caller upgrades the transport (startTls) and restarts the stream. */
export function starttlsAnswer(f: Frame): StepAnswer {
  if (f.name === 'proceed') return Reply.Done;
  // §5.4.2.2: the server closes the stream after <failure/>.
  if (f.name === 'failure') return new TlsError('server refused STARTTLS');
  return Reply.NotMine;
}
