import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installWarningHandler, warningLine } from './node-warnings.js';

const warning = (name: string, message = 'something'): Error => Object.assign(new Error(message), { name });

describe("Node's own warnings", () => {
  const cases: [string, RegExp | null][] = [
    ['DeprecationWarning', null],
    ['ExperimentalWarning', null],
    ['TimeoutOverflowWarning', /^xload: warning: a timer was asked to wait longer than 24\.8 days .* bug in xload/],
    ['MaxListenersExceededWarning', /^xload: warning: many listeners/],
    ['Warning', /^xload: warning: Warning: something$/],
    ['SomethingNewWarning', /^xload: warning: SomethingNewWarning: something$/],
  ];
  for (const [name, line] of cases) {
    it(`${name} becomes ${line ? 'one xload line' : 'nothing'}`, () => {
      const text = warningLine(warning(name, 'something\n  at a stack line'));
      if (line === null) expect(text).toBeNull();
      else expect(text).toMatch(line);
      if (text) expect(text).not.toContain('\n');
    });
  }

  it('replaces the default printer and says each line once', () => {
    const proc = new EventEmitter();
    let defaultPrinted = 0;
    proc.on('warning', () => defaultPrinted++);
    let err = '';
    installWarningHandler(proc as unknown as Parameters<typeof installWarningHandler>[0], { write: (s: string) => (err += s) });
    for (let i = 0; i < 3; i++)
      proc.emit('warning', warning('TimeoutOverflowWarning', `${2 ** 32 + i} does not fit into a 32-bit signed integer.`));
    proc.emit('warning', warning('DeprecationWarning', 'punycode'));
    expect(defaultPrinted).toBe(0);
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err).not.toMatch(/\(node:\d+\)|--trace-warnings/);
  });
});
