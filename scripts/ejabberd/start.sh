#!/usr/bin/env bash
# Usage: scripts/ejabberd/start.sh [--dir DIR] [--c2s-port 5222] [--tls-port 5223]
#          [--http-port 5280] [--dist-port C2S+10000] [--domain localhost] [--users N] [--fresh]
# Starts Debian's ejabberd (installed when missing) without systemd, on 127.0.0.1 only,
# with its own config, cert, database and logs in DIR (default /tmp/xload-ejabberd-5222).
# Idempotent: when the instance in DIR already runs, it is reused. --fresh wipes DIR first.
# --users N creates user1..userN (passwords pwd1..pwdN) through scripts/ejabberd/users.sh.
# Prints EJABBERD_PID=... DIR=... C2S_PORT=... on stdout; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
close_inherited_fds  # a daemon started here must not keep a caller's lock (common.sh)
. "$here/instance.sh"

dir="" c2s=5222 tls=5223 http=5280 dist="" domain=localhost users=0 fresh=0
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --c2s-port) c2s=$2; shift 2;;
    --tls-port) tls=$2; shift 2;;
    --http-port) http=$2; shift 2;;
    --dist-port) dist=$2; shift 2;;
    --domain) domain=$2; shift 2;;
    --users) users=$2; shift 2;;
    --fresh) fresh=1; shift;;
    -h|--help) sed -n '2,9p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
dir=${dir:-/tmp/xload-ejabberd-$c2s}
if [ -z "${dist:-}" ]; then
  # The Erlang distribution port is internal (users.sh and ejabberdctl read it from
  # instance.env), so when C2S+10000 is held by something else (another instance's c2s
  # port, say) take the next free one instead of refusing to start.
  dist=$((c2s + 10000))
  for _ in $(seq 1 100); do port_open 127.0.0.1 "$dist" || break; dist=$((dist + 1)); done
fi

command -v ejabberdctl >/dev/null 2>&1 || ensure_packages

if [ -f "$dir/instance.env" ] && [ "$fresh" -eq 0 ]; then
  ej_load "$dir"
  if pid=$(ej_pid) && [ -n "$pid" ] && port_open 127.0.0.1 "$EJ_C2S_PORT"; then
    log "ejabberd already running in $dir (pid $pid); reusing it"
    # A reused server takes the template's changes (a module added) by a config reload,
    # never a restart: other runs may be using it. Written in place, so it keeps its owner.
    rendered=$(mktemp)
    render "$here/ejabberd.yml.tmpl" "$rendered" DIR="$dir" DOMAIN="$EJ_DOMAIN" \
      C2S_PORT="$EJ_C2S_PORT" TLS_PORT="$EJ_TLS_PORT" HTTP_PORT="$EJ_HTTP_PORT"
    if ! cmp -s "$rendered" "$dir/ejabberd.yml"; then
      cat "$rendered" > "$dir/ejabberd.yml"
      ej_ctl reload_config >&2 && log "ejabberd.yml changed: configuration reloaded"
    fi
    rm -f "$rendered"
    if [ "$users" -gt 0 ]; then bash "$here/users.sh" "$users" --dir "$dir" >&2; fi
    echo "EJABBERD_PID=$pid DIR=$dir C2S_PORT=$EJ_C2S_PORT TLS_PORT=$EJ_TLS_PORT HTTP_PORT=$EJ_HTTP_PORT"
    exit 0
  fi
fi
if [ "$fresh" -eq 1 ] && [ -f "$dir/instance.env" ]; then
  bash "$here/stop.sh" --dir "$dir" >&2
fi
if [ "$fresh" -eq 1 ] && [ -d "$dir" ]; then
  case $dir in /tmp/*|/var/tmp/*) rm -rf "$dir";; *) die "--fresh only wipes folders under /tmp";; esac
fi
for p in "$c2s" "$tls" "$http" "$dist"; do
  port_open 127.0.0.1 "$p" && die "port 127.0.0.1:$p is taken by another process"
done

mkdir -p "$dir/db" "$dir/log" "$dir/modules.d"
# A node name fixed per folder: Mnesia's schema is bound to it, so a restart in the
# same DIR finds its users again.
node="xload$(printf '%s' "$dir" | cksum | cut -d' ' -f1)@localhost"
cookie=$(cat "$dir/cookie" 2>/dev/null || od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
echo "$cookie" > "$dir/cookie"
chmod 600 "$dir/cookie"
cp /etc/ejabberd/inetrc "$dir/inetrc"
make_cert "$dir" "$domain"
render "$here/ejabberd.yml.tmpl" "$dir/ejabberd.yml" DIR="$dir" DOMAIN="$domain" \
  C2S_PORT="$c2s" TLS_PORT="$tls" HTTP_PORT="$http"
render "$here/ejabberdctl.cfg.tmpl" "$dir/ejabberdctl.cfg" DIR="$dir" NODE="$node" \
  DIST_PORT="$dist" COOKIE="$cookie"
cat > "$dir/instance.env" <<ENV
EJ_DIR=$dir
EJ_NODE=$node
EJ_COOKIE=$cookie
EJ_DIST_PORT=$dist
EJ_C2S_PORT=$c2s
EJ_TLS_PORT=$tls
EJ_HTTP_PORT=$http
EJ_DOMAIN=$domain
ENV
: > "$dir/log/ejabberd.log"
own_dir ejabberd "$dir"
chmod 600 "$dir/instance.env" "$dir/ejabberdctl.cfg"  # they hold the node's cookie
ej_load "$dir"
rm -f "$dir/ejabberd.pid"

t0=$(now_ms)
raise_nofile
log "starting ejabberd node $node in $dir (c2s $c2s, tls $tls, http $http, dist $dist)"
ej_ctl start
# The log is fresh per start, so an old failure cannot stop this wait early.
wait_port 127.0.0.1 "$c2s" 60 "$dir/log/ejabberd.log" '\[critical\]|Failed to start' || exit 1
pid=""
for _ in $(seq 1 100); do pid=$(ej_pid); [ -n "$pid" ] && break; sleep 0.05; done
[ -n "$pid" ] || die "ejabberd accepts on $c2s but wrote no pid file $dir/ejabberd.pid"
for p in "$tls" "$http"; do wait_port 127.0.0.1 "$p" 10 "$dir/log/ejabberd.log" || exit 1; done
log "ejabberd started in $(( $(now_ms) - t0 )) ms, pid $pid, open-files limit $(report_nofile ejabberd "$pid") (/proc/$pid/limits)"
if [ "$users" -gt 0 ]; then bash "$here/users.sh" "$users" --dir "$dir" >&2; fi
echo "EJABBERD_PID=$pid DIR=$dir C2S_PORT=$c2s TLS_PORT=$tls HTTP_PORT=$http"
