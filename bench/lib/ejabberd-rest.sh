#!/usr/bin/env bash
# Usage: bench/lib/ejabberd-rest.sh --dir DIR [--pin CPULIST]
# Puts the bench ejabberd in DIR back into the state of a fresh start: purges the offline
# store (Mnesia keeps it on disc across restarts), stops the node, starts it again in the
# same folder (same ports, same users: the schema is on disc) and, with --pin, pins every
# thread of the new node to CPULIST. Used by bench/capacity-proof between capacity levels
# and before each measured run: an overloaded ejabberd recovers slowly and unevenly even
# with its offline store purged and its CPU idle (bench/README.md, issue 15, run 2), so a
# level or a `start` that follows an overload meets a different server than the first one.
# Prints the new pid on stdout; progress on stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/common.sh"
dir="" pin=""
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --pin) pin=$2; shift 2;;
    *) die "ejabberd-rest: unknown option $1";;
  esac
done
[ -n "$dir" ] && [ -f "$dir/instance.env" ] || die "ejabberd-rest: no ejabberd instance in '${dir}' (--dir)"
. "$dir/instance.env"
t0=$(now_ms)
bash "$root/scripts/ejabberd/purge-offline.sh" --dir "$dir" >/dev/null 2>&1 || log "ejabberd-rest: warning: offline purge failed"
bash "$root/scripts/ejabberd/stop.sh" --dir "$dir" >/dev/null
bash "$root/scripts/ejabberd/start.sh" --dir "$dir" --c2s-port "$EJ_C2S_PORT" --tls-port "$EJ_TLS_PORT" \
  --http-port "$EJ_HTTP_PORT" --dist-port "$EJ_DIST_PORT" >/dev/null
pid=$(cat "$dir/ejabberd.pid")
if [ -n "$pin" ]; then taskset -a -c -p "$pin" "$pid" >/dev/null || die "ejabberd-rest: could not pin ejabberd ($pid) to CPU $pin"; fi
log "ejabberd-rest: restarted in $(( $(now_ms) - t0 )) ms, pid $pid${pin:+, pinned to CPU $pin}"
echo "$pid"
