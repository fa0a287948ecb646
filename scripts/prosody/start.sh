#!/usr/bin/env bash
# Usage: scripts/prosody/start.sh [--dir DIR] [--c2s-port 5322] [--http-port 5290]
#          [--domain localhost] [--users N] [--fresh] [--interface ADDR]
# Starts Debian's Prosody (installed when missing) without systemd, on 127.0.0.1 only,
# with its own config, cert, data and log in DIR (default /tmp/xload-prosody-5322).
# --interface ADDR: c2s also listens on ADDR (e.g. a test's network namespace, where
# clients reach the server through a faulty link instead of loopback).
# Idempotent: when the instance in DIR already runs, it is reused. --fresh wipes DIR first.
# --users N creates user1..userN (passwords pwd1..pwdN) through scripts/prosody/users.sh.
# Prints PROSODY_PID=... DIR=... C2S_PORT=... HTTP_PORT=... on stdout; progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
close_inherited_fds  # a daemon started here must not keep a caller's lock (common.sh)
. "$here/instance.sh"

dir="" c2s=5322 http=5290 domain=localhost users=0 fresh=0 iface=""
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --c2s-port) c2s=$2; shift 2;;
    --http-port) http=$2; shift 2;;
    --domain) domain=$2; shift 2;;
    --users) users=$2; shift 2;;
    --fresh) fresh=1; shift;;
    --interface) iface=$2; shift 2;;
    -h|--help) sed -n '2,10p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
dir=${dir:-/tmp/xload-prosody-$c2s}

command -v prosody >/dev/null 2>&1 || ensure_packages

if [ -f "$dir/instance.env" ] && [ "$fresh" -eq 0 ]; then
  pr_load "$dir"
  if pid=$(pr_pid) && [ -n "$pid" ] && port_open 127.0.0.1 "$PR_C2S_PORT"; then
    log "Prosody already running in $dir (pid $pid); reusing it"
    if [ "$users" -gt 0 ]; then bash "$here/users.sh" "$users" --dir "$dir" >&2; fi
    echo "PROSODY_PID=$pid DIR=$dir C2S_PORT=$PR_C2S_PORT HTTP_PORT=$PR_HTTP_PORT"
    exit 0
  fi
fi
if [ "$fresh" -eq 1 ] && [ -f "$dir/instance.env" ]; then
  bash "$here/stop.sh" --dir "$dir" >&2
fi
if [ "$fresh" -eq 1 ] && [ -d "$dir" ]; then
  case $dir in /tmp/*|/var/tmp/*) rm -rf "$dir";; *) die "--fresh only wipes folders under /tmp";; esac
fi
for p in "$c2s" "$http"; do
  port_open 127.0.0.1 "$p" && die "port 127.0.0.1:$p is taken by another process"
done

mkdir -p "$dir/data" "$dir/log"
make_cert "$dir" "$domain"
mkdir -p "$dir/certs"
cp "$dir/crt.pem" "$dir/certs/$domain.crt"
cp "$dir/key.pem" "$dir/certs/$domain.key"
render "$here/prosody.cfg.lua.tmpl" "$dir/prosody.cfg.lua" DIR="$dir" DOMAIN="$domain" \
  C2S_PORT="$c2s" HTTP_PORT="$http" EXTRA_C2S_INTERFACES="${iface:+, \"$iface\"}"
cat > "$dir/instance.env" <<ENV
PR_DIR=$dir
PR_C2S_PORT=$c2s
PR_HTTP_PORT=$http
PR_DOMAIN=$domain
ENV
: > "$dir/log/prosody.log"
own_dir prosody "$dir"
pr_load "$dir"
rm -f "$dir/prosody.pid"

t0=$(now_ms)
raise_nofile
log "starting Prosody in $dir (c2s $c2s, http $http)"
# -D daemonizes; mod_posix writes the pid file. setpriv keeps the raised open-files limit.
as_user prosody env HOME="$dir" prosody --config "$dir/prosody.cfg.lua" -D
wait_port 127.0.0.1 "$c2s" 30 "$dir/log/prosody.log" $'\t(error|fatal)\t' || exit 1
pid=""
for _ in $(seq 1 100); do pid=$(pr_pid); [ -n "$pid" ] && break; sleep 0.05; done
[ -n "$pid" ] || die "Prosody accepts on $c2s but wrote no pid file $dir/prosody.pid"
wait_port 127.0.0.1 "$http" 10 "$dir/log/prosody.log" || exit 1
log "Prosody started in $(( $(now_ms) - t0 )) ms, pid $pid, open-files limit $(report_nofile Prosody "$pid") (/proc/$pid/limits)"
if [ "$users" -gt 0 ]; then bash "$here/users.sh" "$users" --dir "$dir" >&2; fi
echo "PROSODY_PID=$pid DIR=$dir C2S_PORT=$c2s HTTP_PORT=$http"
