import type { Op, Plan, StoryOp } from './plan.js';

/** Every `<story>` step of the plan, in document order (a leaf: agents read it without the compiler). */
export function storyOps(plan: Plan): StoryOp[] {
  const out: StoryOp[] = [];
  const walk = (ops: Op[]): void => {
    for (const op of ops) {
      if (op.kind === 'story') out.push(op);
      else if ('ops' in op) walk(op.ops);
    }
  };
  for (const s of [...plan.sessions, ...(plan.runOnce ?? [])]) walk(s.ops);
  return out;
}
