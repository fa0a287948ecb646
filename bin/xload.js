#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bundle (`npm run build`, run by `npm install`'s
// prepare; scripts/bundle.mjs says why a bundle).
import { setFlagsFromString } from 'node:v8';

// Before the CLI loads: the main thread's young generation stays small unless the run
// starts worker threads (src/engine/node/young-generation.ts says why).
setFlagsFromString('--semi-space-growth-factor=1');
const { main, installWarningHandler } = await import('../dist/bundle/xload.js');

// Node's own warnings become one xload line (or nothing), never `(node:PID) Warning: ...`.
installWarningHandler(process, process.stderr);

/**
 * Ctrl-C, SIGTERM and SIGHUP reach a run through one hook, with the signal's name, so tests
 * can drive them in-process. SIGHUP (the terminal or ssh session went away) is handled like
 * SIGTERM rather than killing the process with the run folder half written.
 */
function onSignal(handler) {
  const h = (sig) => handler(sig);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, h);
  return () => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, h);
  };
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onSignal,
}).then((code) => {
  process.exitCode = code;
});
