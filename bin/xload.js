#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm run build`, run by `npm install`'s prepare).
import { main } from '../dist/cli/main.js';

/** Ctrl-C and SIGTERM reach a run through one hook, so tests can drive them in-process. */
function onSignal(handler) {
  const h = (sig) => handler(sig);
  process.on('SIGINT', h);
  process.on('SIGTERM', h);
  return () => {
    process.off('SIGINT', h);
    process.off('SIGTERM', h);
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
