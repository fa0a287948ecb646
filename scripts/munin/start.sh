#!/usr/bin/env bash
# Usage: scripts/munin/start.sh [--dir DIR] [--port 14949] [--fresh]
# Starts Debian's munin-node (installed when missing) without systemd on 127.0.0.1:PORT
# only, answering loopback only, with its own config, plugin folder (cpu, memory, load:
# what Tsung's munin monitor fetches), state and log in DIR (default /tmp/xload-munin-PORT).
# munin-node takes its plugins from /etc/munin/plugins only (no option moves it): the
# cpu, memory and load links are made there when Debian's package did not make them.
# Idempotent: a running instance in DIR is reused.
# Prints MUNIN_PID=... DIR=... PORT=... on stdout; progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
close_inherited_fds  # a daemon started here must not keep a caller's lock (common.sh)

dir="" port=14949 fresh=0
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --port) port=$2; shift 2;;
    --fresh) fresh=1; shift;;
    -h|--help) sed -n '2,7p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
dir=${dir:-/tmp/xload-munin-$port}
command -v munin-node >/dev/null 2>&1 || ensure_packages

pid=$(cat "$dir/munin-node.pid" 2>/dev/null || true)
if [ "$fresh" -eq 0 ] && pid_runs_in "$pid" "$dir/" && port_open 127.0.0.1 "$port"; then
  log "munin-node already running in $dir (pid $pid); reusing it"
  echo "MUNIN_PID=$pid DIR=$dir PORT=$port"; exit 0
fi
if pid_runs_in "$pid" "$dir/"; then stop_pid "$pid" munin-node 10; fi
if [ "$fresh" -eq 1 ] && [ -d "$dir" ]; then
  case $dir in /tmp/*|/var/tmp/*) rm -rf "$dir";; *) die "--fresh only wipes folders under /tmp";; esac
fi
port_open 127.0.0.1 "$port" && die "port 127.0.0.1:$port is taken by another process"
mkdir -p "$dir/log"
for p in cpu memory load; do
  [ -e "/etc/munin/plugins/$p" ] || ln -s "/usr/share/munin/plugins/$p" "/etc/munin/plugins/$p"
done
cat > "$dir/munin-node.conf" <<CONF
log_level 4
log_file $dir/log/munin-node.log
pid_file $dir/munin-node.pid
background 1
setsid 1
user root
group root
host 127.0.0.1
port $port
allow ^127\.0\.0\.1\$
allow ^::1\$
CONF
t0=$(now_ms)
log "starting munin-node in $dir (127.0.0.1:$port)"
munin-node --config "$dir/munin-node.conf"
wait_port 127.0.0.1 "$port" 20 "$dir/log/munin-node.log" || exit 1
pid=""
for _ in $(seq 1 100); do pid=$(cat "$dir/munin-node.pid" 2>/dev/null || true); [ -n "$pid" ] && break; sleep 0.05; done
[ -n "$pid" ] || die "munin-node accepts on $port but wrote no pid file"
log "munin-node started in $(( $(now_ms) - t0 )) ms, pid $pid"
echo "MUNIN_PID=$pid DIR=$dir PORT=$port"
