#!/usr/bin/env bash
# Usage: scripts/ejabberd/purge-offline.sh [--dir DIR]
# Deletes every stored offline message (delete_old_messages 0): messages to users who
# logged off outlive a run and would be delivered at their next login, in the next run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
. "$here/instance.sh"

dir=$EJ_DEFAULT_DIR
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    *) die "unknown option $1";;
  esac
done
ej_load "$dir"
[ -n "$(ej_pid)" ] || die "ejabberd in $dir is not running"
t0=$(now_ms)
ej_ctl delete_old_messages 0 >&2
log "ejabberd: offline messages purged in $(( $(now_ms) - t0 )) ms"
