import { describe, expect, it } from 'vitest';
import { compileScenarioText } from '../scenario/index.js';
import { storyOps } from '../scenario/compile.js';
import { storyScenario } from './story.js';

describe('xload story: the scenario it runs', () => {
  it('starts exactly N sessions of one <story> step, 1/rate apart, with the account prefix and domain', () => {
    const text = storyScenario({
      file: '/work/x & y/chat.story.mjs',
      name: 'chat',
      exportName: 'default',
      users: 5,
      rate: 4,
      prefix: 'sl',
      passwordPrefix: 'spw',
      domain: 'example.net',
    });
    const r = compileScenarioText(text, { file: 'chat.story.xml', cwd: '/tmp', baseDir: '/tmp' });
    // The story file does not exist here: the only error is that one.
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      '<story file="/work/x & y/chat.story.mjs">: /work/x & y/chat.story.mjs does not exist or is not a file',
    ]);
    const again = compileScenarioText(text.replace(/<story [^>]*\/>/, '<thinktime value="0"/>'), {
      file: 'x.xml',
      cwd: '/tmp',
      baseDir: '/tmp',
    });
    if (!again.ok) throw new Error(again.diagnostics.map((d) => d.message).join('\n'));
    expect(again.plan.load.staticUsers.map((u) => u.startMs)).toEqual([0, 250, 500, 750, 1000]);
    expect(again.plan.options.jabber).toMatchObject({ username: 'sl', passwd: 'spw', domain: 'example.net' });
    expect(again.plan.clients[0]?.maxUsers).toBe(5);
    expect(storyOps(again.plan)).toEqual([]);
  });
});
