/**
 * `<story>` in the VM: the user steps out of the interpreter while a story module runs
 * its body, then goes on with the next op (or ends with the story's error). The story
 * code (src/story/, the login flow it drives) is imported on the first story op only, so
 * a run without stories carries none of it in its workers.
 */
import { InternalError, XloadError } from '../../errors.js';
import type { StoryOp } from '../../scenario/plan.js';
import { failed, type FailedStep, type VmUser } from './user-api.js';
import type * as StoryRunModule from './story-run.js';

type StoryRunner = typeof StoryRunModule;

let runner: Promise<StoryRunner> | null = null;

/** Starts the story; the user is blocked (returns true) until it settles. */
export function runStoryOp(u: VmUser, op: StoryOp): boolean {
  const ctl = new AbortController();
  u.extensions().story = ctl;
  u.suspend();
  let accounts: string | undefined;
  (runner ??= import('./story-run.js'))
    .then((r) => r.runStoryInVm(u, op, ctl.signal, (names) => (accounts = names)))
    .then(
      () => settle(u, ctl, null),
      (err: unknown) => {
        const e = err instanceof XloadError ? err : new InternalError(`story runner: ${String(err)}`, { cause: err });
        settle(u, ctl, e, { label: `story:${op.name}`, pos: op.pos, ...(accounts !== undefined ? { user: accounts } : {}) });
      },
    );
  return true;
}

function settle(u: VmUser, ctl: AbortController, err: XloadError | null, step?: FailedStep): void {
  // The run ended the session (stop, abort, end of duration) while the story ran: the
  // user is already counted, whatever the story did after.
  if (ctl.signal.aborted || u.ended) return;
  const ext = u.extensions();
  if (ext.story === ctl) delete ext.story;
  if (err) u.end(failed(err, step));
  else u.resume();
}
