#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need (Debian's ejabberd,
# Prosody, Tsung, the monitors' daemons; node modules), builds, type-checks, lints (ESLint and
# Prettier), and runs unit then integration tests.
# Integration tests start their own servers on loopback (test/it/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
npx tsc -p tsconfig.json --noEmit
npm run lint --silent
npx vitest run "$@"
