import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUserTransition, USER_TRANSITIONS, type UserPhase } from './user-state.js';

const PHASES = Object.keys(USER_TRANSITIONS) as UserPhase[];

describe('user phases', () => {
  const allowed: [UserPhase, UserPhase][] = [
    ['idle', 'running'],
    ['running', 'thinking'],
    ['running', 'awaiting'],
    ['running', 'barrier'],
    ['thinking', 'running'],
    ['thinking', 'awaiting'],
    ['awaiting', 'running'],
    ['awaiting', 'thinking'],
    ['barrier', 'running'],
    ...PHASES.filter((p) => p !== 'ended').map((p): [UserPhase, UserPhase] => [p, 'ended']),
  ];
  it.each(allowed)('%s -> %s is allowed', (from, to) => {
    expect(checkUserTransition(1, from, to)).toBe(to);
  });

  const refused = PHASES.flatMap((from) => PHASES.map((to): [UserPhase, UserPhase] => [from, to])).filter(
    ([from, to]) => !allowed.some(([a, b]) => a === from && b === to),
  );
  it.each(refused)('%s -> %s is a bug in xload', (from, to) => {
    expect(() => checkUserTransition(7, from, to)).toThrow(`bug in xload: user 7 phase ${from} -> ${to}`);
  });

  it('an ended user never runs again', () => {
    expect(USER_TRANSITIONS.ended).toEqual([]);
  });
});

/** The files User's behaviour lives in (user-internal.ts names them too). */
const USER_MODULES = ['op-loop.ts', 'session-end.ts', 'user-wait.ts'];

describe('the VM has no import loop through user.ts', () => {
  // Request handlers, matchers and inbound handling see the user through user-api.ts (a
  // leaf); only the shard, which creates users, imports the class.
  const dir = new URL('.', import.meta.url).pathname;
  const files = [...readdirSync(dir).map((f) => f), ...readdirSync(join(dir, 'requests')).map((f) => `requests/${f}`)].filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'user.ts',
  );
  it.each(files)('%s does not import user.ts', (f) => {
    const src = readFileSync(join(dir, f), 'utf8');
    expect(src).not.toMatch(/from '(\.\.?\/)+user\.js'/);
  });

  it.each(['user-api.ts', 'user-internal.ts'])('%s imports types only', (f) => {
    const src = readFileSync(join(dir, f), 'utf8');
    const imports = src.split('\n').filter((l) => l.startsWith('import '));
    expect(imports.length).toBeGreaterThan(0);
    for (const l of imports) expect(l).toMatch(/^import type /);
  });

  it('only the modules that make up User see its internal fields (user-internal.ts)', () => {
    const importers = files.filter((f) => /from '(\.\.?\/)+user-internal\.js'/.test(readFileSync(join(dir, f), 'utf8')));
    expect(importers.sort()).toEqual(USER_MODULES);
  });
});
