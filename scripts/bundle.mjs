#!/usr/bin/env node
// Bundles tsc's dist/ into dist/bundle/ (after `tsc -p tsconfig.build.json`): the CLI, the
// library entry, and the files that start a worker thread or a child process, with their
// shared code in common chunks so that every thread loads one copy of each module (a story
// file's `import ... from 'xload'` and the engine that runs it see the same classes).
// Why: Node resolves, reads and compiles each ESM file on its own; at ~250 files that is
// ~0.15 s of CPU and ~5 MiB per process before a run starts (bench/README.md, issue 17).
// Dependencies stay in node_modules (packages: 'external').
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    xload: 'dist/cli-entry.js',
    index: 'dist/index.js',
    'shard-worker': 'dist/engine/shard/worker-entry.js',
    'process-entry': 'dist/engine/node/process-entry.js',
    'dashboard-worker': 'dist/dashboard/worker-entry.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  // Error classes name themselves after their class (errors.ts): keep names as written,
  // not as the bundler would rename two classes that share one.
  keepNames: true,
  define: { XLOAD_BUNDLE: 'true' },
  logLevel: 'warning',
});
