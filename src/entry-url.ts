/**
 * Where the files that start a thread or a process are, in either build: tsc's dist/
 * (a file per module, as the benches and the library's types see it) or the bundle in
 * dist/bundle/ (scripts/bundle.mjs), which the `xload` command runs. The bundler defines
 * XLOAD_BUNDLE; its entries and shared chunks sit side by side in one folder, so from any
 * of them an entry is `./NAME.js`. Loading ~250 module files costs a process ~0.15 s of CPU
 * and ~5 MiB (issue 17); the bundle loads a handful.
 */
declare const XLOAD_BUNDLE: boolean | undefined;

export const UNBUNDLED = {
  'shard-worker': './engine/shard/worker-entry.js',
  'process-entry': './engine/node/process-entry.js',
  'dashboard-worker': './dashboard/worker-entry.js',
} as const;

export type EntryName = keyof typeof UNBUNDLED;

export const BUNDLED: boolean = typeof XLOAD_BUNDLE !== 'undefined' && XLOAD_BUNDLE;

export function entryUrl(name: EntryName): URL {
  return new URL(BUNDLED ? `./${name}.js` : UNBUNDLED[name], import.meta.url);
}

/** package.json: one level above dist/ (and src/), two above dist/bundle/. */
export function packageJsonUrl(): URL {
  return new URL(BUNDLED ? '../../package.json' : '../package.json', import.meta.url);
}
