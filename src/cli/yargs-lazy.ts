import { notStrictEqual, strictEqual } from 'node:assert';
import { readdirSync } from 'node:fs';
import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type yargsDefault from 'yargs';

/** What `import yargs from 'yargs'` gives: the factory of parsers. */
export type YargsFactory = typeof yargsDefault;

/**
 * yargs built on a platform shim of our own, identical to the package's Node ESM shim
 * (node_modules/yargs/lib/platform-shims/esm.mjs, yargs 18) except that `cliui` and
 * `string-width` are loaded on first use. Only the help text calls them, and importing them
 * costs ~10 MiB of RSS in every xload process for its whole life: string-width builds an
 * `Intl.Segmenter` (ICU break-iterator data) and its emoji regex at import time
 * (bench/README.md, "The coordinator's share"). Everything else is the package's own code,
 * resolved from the yargs package's folder, so the same versions load as before.
 */
export async function loadYargs(): Promise<YargsFactory> {
  cached ??= build();
  return cached;
}

let cached: Promise<YargsFactory> | undefined;
let helpLibraryLoads = 0;

/** How many of cliui and string-width this process has loaded (0, 1 or 2): tests assert that running a command loads none. */
export function helpLibrariesLoaded(): number {
  return helpLibraryLoads;
}

/**
 * yargs renders a command's whole help text each time the command runs (its command.js
 * calls `cacheHelpMessage()` after starting the handler, so that a failing async handler can
 * still print it), and rendering is what loads cliui and string-width. xload never prints
 * help on a failure (main()'s `.fail()` throws), so the cache is left empty: `--help` renders
 * the text when it is asked for. Reaches into yargs's internals; when they change shape this
 * does nothing (the help then costs its memory again; yargs-lazy.test.ts notices).
 */
export function skipHelpCache(parser: object): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } };
  const usage = (parser as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/** The package's folder, and `require` as the package itself resolves (its own dependencies). */
function yargsRoot(): { root: string; req: NodeJS.Require } {
  const root = dirname(createRequire(import.meta.url).resolve('yargs/package.json'));
  return { root, req: createRequire(join(root, 'index.mjs')) };
}

/** The platform shim xload builds yargs on (exported so a test can compare it with the package's own). */
export async function lazyShim(): Promise<Record<string, unknown>> {
  const { root, req } = yargsRoot();
  const file = (rel: string) => import(pathToFileURL(join(root, rel)).href);
  const [{ getProcessArgvBin }, parser, escalade, y18n, getCallerFile] = await Promise.all([
    file('build/lib/utils/process-argv.js') as Promise<{ getProcessArgvBin: () => string }>,
    import(pathToFileURL(req.resolve('yargs-parser')).href) as Promise<{ default: unknown }>,
    import(pathToFileURL(req.resolve('escalade/sync')).href) as Promise<{ default: unknown }>,
    import(pathToFileURL(req.resolve('y18n')).href) as Promise<{ default: (o: object) => unknown }>,
    import(pathToFileURL(req.resolve('get-caller-file')).href) as Promise<{ default: (depth: number) => string }>,
  ]);
  const shimFile = join(root, 'lib/platform-shims/esm.mjs');
  // Loaded by require (CommonJS, or an ES module without top-level await: Node >= 20.19).
  const lazy = <T>(name: string, pick: (m: unknown) => T): (() => T) => {
    let m: T | undefined;
    return () => {
      if (m === undefined) {
        helpLibraryLoads++;
        m = pick(req(name));
      }
      return m;
    };
  };
  const cliui = lazy('cliui', (m) => m as (opts: object) => unknown);
  const stringWidth = lazy('string-width', (m) => (m as { default: (s: string) => number }).default);
  // What the package's shim computes from its own file name (it calls it __dirname).
  const mainFilename = shimFile.substring(0, shimFile.lastIndexOf('node_modules'));
  return {
    assert: { notStrictEqual, strictEqual },
    cliui: (opts: object) => cliui()(opts),
    findUp: escalade.default,
    getEnv: (key: string) => process.env[key],
    inspect,
    getProcessArgvBin,
    mainFilename: mainFilename || process.cwd(),
    Parser: parser.default,
    path: { basename, dirname, extname, relative, resolve, join },
    process: {
      argv: () => process.argv,
      cwd: process.cwd,
      emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
      execPath: () => process.execPath,
      exit: (code: number) => process.exit(code),
      nextTick: process.nextTick,
      stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null,
    },
    // yargs reads package.json files with it (pkgConf): through the one guarded read too.
    readFileSync: (path: string, encoding: BufferEncoding) => readRegularTextSync(path, READ_LIMITS.ownAsset, encoding),
    readdirSync,
    require: req,
    getCallerFile: () => {
      const callerFile = getCallerFile.default(3);
      return /^file:\/\//.test(callerFile) ? fileURLToPath(callerFile) : callerFile;
    },
    stringWidth: (s: string) => stringWidth()(s),
    y18n: y18n.default({ directory: join(root, 'locales'), updateFiles: false }),
  };
}

async function build(): Promise<YargsFactory> {
  try {
    const { root } = yargsRoot();
    const shim = await lazyShim();
    const { YargsFactory } = (await import(pathToFileURL(join(root, 'build/lib/yargs-factory.js')).href)) as {
      YargsFactory: (shim: Record<string, unknown>) => YargsFactory;
    };
    return YargsFactory(shim);
  } catch {
    // A yargs whose files moved (a major upgrade): the package's own entry, at its memory cost.
    return (await import('yargs')).default;
  }
}
