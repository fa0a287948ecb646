#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm run build`, run by `npm install`'s prepare).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
  .then((code) => { process.exitCode = code; });
