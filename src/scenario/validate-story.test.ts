import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, errors, planOf, BODY_LINE } from '../../test/unit/scenario/minimal.js';
import { storyOps } from './compile.js';
import { defaultStoryName } from './validate-story.js';

const dir = mkdtempSync(join(tmpdir(), 'xload-story-unit-'));
mkdirSync(join(dir, 'stories'));
writeFileSync(join(dir, 'stories', 'chat.story.mjs'), 'export default {};\n');

describe('<story> in a session', () => {
  it('compiles to a story op with the path made absolute, a default name and export, inside loops too', () => {
    const plan = planOf(
      compile(
        {
          body: '<story file="stories/chat.story.mjs"/>\n<for from="1" to="2" incr="1" var="i"><story file="stories/chat.story.mjs" name="again" export="chat"/></for>',
        },
        dir,
      ),
    );
    expect(storyOps(plan)).toEqual([
      { kind: 'story', file: join(dir, 'stories', 'chat.story.mjs'), name: 'chat', export: 'default', pos: { line: BODY_LINE, col: 1 } },
      { kind: 'story', file: join(dir, 'stories', 'chat.story.mjs'), name: 'again', export: 'chat', pos: expect.any(Object) },
    ]);
    expect(storyOps(planOf(compile({}, dir)))).toEqual([]);
  });

  it.each([
    ['a missing file', '<story file="stories/none.story.mjs"/>', /none\.story\.mjs does not exist or is not a file/],
    ['no file attribute', '<story/>', /file/],
    ['TypeScript', '<story file="stories/chat.story.ts"/>', /a story is an ES module \(\.mjs or \.js\)/],
    ['a name with a space', '<story file="stories/chat.story.mjs" name="my chat"/>', /a story name is 1-64 letters, digits/],
    ['an export that is not a name', '<story file="stories/chat.story.mjs" export="a-b"/>', /not a JavaScript export name/],
    ['children', '<story file="stories/chat.story.mjs"><thinktime value="1"/></story>', /thinktime/],
  ])('%s is an error at its line', (_what, body, message) => {
    const errs = errors(compile({ body }, dir));
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0]?.line).toBe(BODY_LINE);
    expect(errs.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('names a story after its file', () => {
    expect(defaultStoryName('/x/chat.story.mjs')).toBe('chat');
    expect(defaultStoryName('muc-join.mjs')).toBe('muc-join');
    expect(defaultStoryName('a b.js')).toBe('a_b');
  });
});
