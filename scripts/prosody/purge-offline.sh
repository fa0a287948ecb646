#!/usr/bin/env bash
# Usage: scripts/prosody/purge-offline.sh [--dir DIR]
# Deletes every stored offline message of the Prosody instance in DIR: messages to users
# who logged off outlive a run and would be delivered at their next login, in the next
# run. internal storage keeps them in data/<host>/offline/<user>.list, read per access.
# Safe while running: a message stored concurrently is either kept or purged whole.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
. "$here/instance.sh"

dir=$PR_DEFAULT_DIR
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    *) die "unknown option $1";;
  esac
done
pr_load "$dir"
offline="$(pr_store_dir offline)"
t0=$(now_ms)
n=0
# Delete the files, keep the folder: Prosody remembers folders it created and would fail
# to store the next offline message if this one vanished.
if [ -d "$offline" ]; then n=$(find "$offline" -name '*.list' -print -delete | wc -l); fi
log "Prosody: offline messages of $n users purged in $(( $(now_ms) - t0 )) ms"
