import { describe, expect, it } from 'vitest';
import type { SessionSpec } from '../../scenario/plan.js';
import { describeNodes, runOnceFailure, runOnceStart } from './console-lines.js';

describe('describeNodes (the run header)', () => {
  it.each([
    { nodes: [{ kind: 'local' as const, name: 'local', workers: 2 }], text: 'this process (2 workers)' },
    { nodes: [{ kind: 'local' as const, name: 'local', workers: 0 }], text: 'this process (its main thread, no worker)' },
    { nodes: [{ kind: 'local' as const, name: 'local', workers: 1, maxUsers: 10 }], text: 'this process (1 worker, max 10 users)' },
    {
      nodes: [
        { kind: 'local' as const, name: 'local', workers: 2 },
        { kind: 'agent' as const, name: '127.0.0.2:7001', workers: 1 },
        { kind: 'agent' as const, name: '127.0.0.3:7001', workers: 2, maxUsers: 500 },
      ],
      text: '2 agents (127.0.0.2:7001 ×1 worker, 127.0.0.3:7001 ×2 workers, max 500 users) and this process (2 workers)',
    },
    {
      nodes: [1, 2, 3].map((i) => ({ kind: 'process' as const, name: `process ${i}`, workers: 1, maxUsers: i === 3 ? 3 : 4 })),
      text: '3 child processes here (×1 worker each, max 4/4/3 users)',
    },
    { nodes: [{ kind: 'agent' as const, name: 'box1:7911', workers: 4 }], text: '1 agent (box1:7911 ×4 workers)' },
  ])('$text', ({ nodes, text }) => {
    expect(describeNodes(nodes)).toBe(text);
  });
});

describe('runOnceStart', () => {
  const s = (name: string) => ({ name }) as SessionSpec;
  it.each([
    [{ kind: 'local' as const, name: 'local' }, 'run-once: "a", "b" on this process, before the load'],
    [{ kind: 'process' as const, name: 'process 1' }, 'run-once: "a", "b" on process 1, before the load'],
    [{ kind: 'agent' as const, name: '10.0.0.5:7911' }, 'run-once: "a", "b" on agent 10.0.0.5:7911, before the load'],
  ])('%o', (node, text) => {
    expect(runOnceStart([s('a'), s('b')], node)).toBe(text);
  });
});

describe('runOnceFailure', () => {
  it('names the session and every error class, in one line', () => {
    expect(runOnceFailure({ session: 'create-node', errors: { 'stanza_error.conflict': 1 } })).toBe(
      'run-once session "create-node" failed (stanza_error.conflict): the load was not started',
    );
    expect(runOnceFailure({ session: 's', errors: { timeout: 2, auth_failed: 1 } })).toBe(
      'run-once session "s" failed (timeout ×2, auth_failed): the load was not started',
    );
  });
});
