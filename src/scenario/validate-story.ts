import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { XmlElement } from './ast.js';
import { attr, attrPosOf } from './ast.js';
import type { ValidationContext } from './context.js';

/** Story names become metric and error-class parts (`story.<name>`), so they keep to one word. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MODULE = /\.(mjs|js)$/;

/** The name a `<story>` gets without `name=`: its file's, without `.story.mjs` / `.mjs` / `.js`. */
export function defaultStoryName(file: string): string {
  return basename(file)
    .replace(/(\.story)?\.(mjs|js)$/, '')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 64);
}

/**
 * `<story file="chat.story.mjs" name="chat" export="default"/>`: the module must exist
 * now (a run that fails in every worker at the first session helps nobody), be plain
 * JavaScript that Node imports without a loader, and its name must fit in a metric name.
 */
export function validateStory(el: XmlElement, ctx: ValidationContext): void {
  const file = attr(el, 'file') ?? '';
  const path = resolve(ctx.baseDir, file);
  if (!MODULE.test(file)) {
    ctx.bag.error(
      attrPosOf(el, 'file'),
      `<story file="${file}">: a story is an ES module (.mjs or .js)`,
      'compile TypeScript stories first (tsc), or write the story as .mjs',
    );
  } else {
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile)
      ctx.bag.error(
        attrPosOf(el, 'file'),
        `<story file="${file}">: ${path} does not exist or is not a file`,
        'fix file="..." (relative to the scenario)',
      );
  }
  const name = attr(el, 'name');
  if (name !== undefined && !NAME.test(name)) {
    ctx.bag.error(
      attrPosOf(el, 'name'),
      `<story name="${name}">: a story name is 1-64 letters, digits, '_' or '-'`,
      `write e.g. name="${defaultStoryName(file) || 'chat'}"`,
    );
  }
  const exp = attr(el, 'export');
  if (exp !== undefined && !IDENT.test(exp)) {
    ctx.bag.error(
      attrPosOf(el, 'export'),
      `<story export="${exp}">: not a JavaScript export name`,
      'write the name the module exports, e.g. export="chat", or leave it out for the default export',
    );
  }
}
