#!/usr/bin/env bash
# Usage: scripts/prosody/users.sh N [--from 1] [--dir DIR]
# Creates userK@DOMAIN with password pwdK for K in FROM..FROM+N-1 on the Prosody instance
# in DIR by writing its internal_plain account files, data/<host>/accounts/userK.dat
# (under a second for 10,000; safe while running, Prosody reads them at login;
# `prosodyctl register` costs ~30 ms per user). Existing files are overwritten with the
# same content (idempotent). Prints USERS_WRITTEN=... MS=...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
. "$here/instance.sh"

[ $# -ge 1 ] || die "usage: users.sh N [--from 1] [--dir DIR]"
count=$1; shift
from=1 dir=$PR_DEFAULT_DIR
while [ $# -gt 0 ]; do
  case $1 in
    --from) from=$2; shift 2;;
    --dir) dir=$2; shift 2;;
    *) die "unknown option $1";;
  esac
done
pr_load "$dir"
last=$((from + count - 1))
accounts="$(pr_store_dir accounts)"

t0=$(now_ms)
mkdir -p "$accounts"
# One awk process writes every file: a bash loop would fork nothing but still costs more.
awk -v from="$from" -v last="$last" -v dir="$accounts" 'BEGIN {
  for (k = from; k <= last; k++) {
    f = dir "/user" k ".dat"
    printf "return {\n\t[\"password\"] = \"pwd%d\";\n};\n", k > f
    close(f)
  }
}'
own_dir prosody "$dir/data"
ms=$(( $(now_ms) - t0 ))
log "Prosody: users user$from..user$last written to $accounts in $ms ms"
echo "USERS_WRITTEN=$count MS=$ms"
