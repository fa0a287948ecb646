/** XEP-0198 after authentication: resume the old stream (§5) or enable on the new one (§3). */
import type { Frame } from '../framer.js';

/** `<resumed h/>`: the count of our stanzas the server handled; `<failed/>`: the old stream is gone. */
export type ResumeAnswer = { resumed: true; h: number } | { resumed: false; h: number | undefined } | null;

export function resumeAnswer(f: Frame): ResumeAnswer {
  if (f.name === 'resumed') return { resumed: true, h: Number(f.attrs.h) };
  // §5: h on <failed/> is optional (since v1.6).
  if (f.name === 'failed') return { resumed: false, h: f.attrs.h === undefined ? undefined : Number(f.attrs.h) };
  return null;
}

/** `<enabled/>` gives the resumption id when the server will resume (§3); `<failed/>` gives nothing. */
export type EnableAnswer = { enabled: true; id: string | null } | { enabled: false } | null;

export function enableAnswer(f: Frame): EnableAnswer {
  if (f.name === 'enabled') {
    const resumable = f.attrs.resume === 'true' || f.attrs.resume === '1';
    return { enabled: true, id: resumable ? (f.attrs.id ?? null) : null };
  }
  if (f.name === 'failed') return { enabled: false };
  return null;
}
