#!/usr/bin/env bash
# Usage: scripts/prosody/stop.sh [--dir DIR] [--timeout 15]
# Stops the Prosody instance in DIR (default /tmp/xload-prosody-5322) by its pid:
# SIGTERM, wait up to the timeout, then SIGKILL. Idempotent: nothing running is fine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
. "$here/instance.sh"

dir=$PR_DEFAULT_DIR timeout=15
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --timeout) timeout=$2; shift 2;;
    -h|--help) sed -n '2,4p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
if [ ! -f "$dir/instance.env" ]; then log "Prosody: no instance in $dir; nothing to stop"; exit 0; fi
pr_load "$dir"
pid=$(pr_pid)
if [ -z "$pid" ]; then
  log "Prosody: nothing running in $dir"; rm -f "$dir/prosody.pid"; exit 0
fi
stop_pid "$pid" Prosody "$timeout"
rm -f "$dir/prosody.pid"
echo "STOPPED_PID=$pid DIR=$dir"
