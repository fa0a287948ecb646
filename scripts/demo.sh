#!/usr/bin/env bash
# Usage: npm run demo   (or: bash scripts/demo.sh [SCENARIO] [--users N])
# The README's main command: installs Debian's ejabberd when missing, installs node
# modules when missing, builds, starts a fresh local ejabberd on 127.0.0.1:5222 with
# user1..userN (default 2000: chat.xml draws ids up to its userid_max, 2000), runs
#   node bin/xload.js -f SCENARIO start
# prints where the report is, and stops the server on exit (also on Ctrl-C or failure).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"

scenario=scenarios/chat.xml users=2000
while [ $# -gt 0 ]; do
  case $1 in
    --users) users=$2; shift 2;;
    -h|--help) sed -n '2,7p' "$0"; exit 0;;
    *) scenario=$1; shift;;
  esac
done
[ -f "$scenario" ] || die "scenario $scenario not found"

bash scripts/setup-system.sh
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
npm run build --silent

dir=/tmp/xload-ejabberd-5222
# Integration runs use the same ports; hold their lock (test/it/servers.ts) while we run.
exec 9>/tmp/xload-local-servers.lock
flock -n 9 || { log "waiting for an integration run to release the local servers"; flock 9; }
trap 'bash "$root/scripts/ejabberd/stop.sh" --dir "$dir" >/dev/null' EXIT
bash scripts/ejabberd/start.sh --fresh --dir "$dir" --users "$users" >/dev/null 9>&-

log "running: node bin/xload.js -f $scenario start"
marker=$(mktemp)
status=0
node bin/xload.js -f "$scenario" start || status=$?
report=$(find reports -mindepth 1 -maxdepth 1 -type d -newer "$marker" 2>/dev/null | sort | tail -n 1 || true)
rm -f "$marker"
if [ -n "$report" ]; then
  log "report: $root/$report/report.html (summary: $report/summary.json)"
else
  log "no new report folder under reports/"
fi
[ "$status" -eq 0 ] || log "xload exited with status $status"
exit "$status"
