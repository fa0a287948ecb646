#!/usr/bin/env bash
# Usage: scripts/snmpd/stop.sh [--dir DIR] [--port 16161]
# Stops the snmpd started by scripts/snmpd/start.sh in DIR (default /tmp/xload-snmpd-PORT)
# by its pid. Idempotent: nothing running is fine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
dir="" port=16161
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --port) port=$2; shift 2;;
    -h|--help) sed -n '2,4p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
dir=${dir:-/tmp/xload-snmpd-$port}
stop_daemon snmpd "$dir"
