#!/usr/bin/env bash
# Usage: scripts/snmpd/start.sh [--dir DIR] [--port 16161] [--community public] [--fresh]
# Starts Debian's snmpd (installed when missing) without systemd, answering SNMP v1/v2c
# read-only on udp:127.0.0.1:PORT only, with its own config, persistent state and log in
# DIR (default /tmp/xload-snmpd-PORT). Idempotent: a running instance in DIR is reused.
# Prints SNMPD_PID=... DIR=... PORT=... on stdout; progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
close_inherited_fds  # a daemon started here must not keep a caller's lock (common.sh)

dir="" port=16161 community=public fresh=0
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2;;
    --port) port=$2; shift 2;;
    --community) community=$2; shift 2;;
    --fresh) fresh=1; shift;;
    -h|--help) sed -n '2,6p' "$0"; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done
dir=${dir:-/tmp/xload-snmpd-$port}
command -v snmpd >/dev/null 2>&1 || ensure_packages

# snmp_answers: one GET of sysUpTime answered (UDP: no port to wait on).
snmp_answers() { snmpget -v2c -c "$community" -t 0.3 -r 0 "127.0.0.1:$port" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; }

pid=$(cat "$dir/snmpd.pid" 2>/dev/null || true)
if [ "$fresh" -eq 0 ] && pid_runs_in "$pid" "$dir/" && snmp_answers; then
  log "snmpd already running in $dir (pid $pid); reusing it"
  echo "SNMPD_PID=$pid DIR=$dir PORT=$port"; exit 0
fi
if pid_runs_in "$pid" "$dir/"; then stop_pid "$pid" snmpd 10; fi
if [ "$fresh" -eq 1 ] && [ -d "$dir" ]; then
  case $dir in /tmp/*|/var/tmp/*) rm -rf "$dir";; *) die "--fresh only wipes folders under /tmp";; esac
fi
mkdir -p "$dir/persist" "$dir/log"
# Only the UCD and HOST-RESOURCES views a monitor reads; no write community, no traps.
cat > "$dir/snmpd.conf" <<CONF
agentaddress udp:127.0.0.1:$port
rocommunity $community 127.0.0.1
sysLocation xload test snmpd
sysContact nobody
CONF
t0=$(now_ms)
log "starting snmpd in $dir (udp 127.0.0.1:$port)"
# -C: no other config file (not /etc/snmp/snmpd.conf); -Lf: log to our folder;
# SNMP_PERSISTENT_DIR keeps its state out of /var/lib.
SNMP_PERSISTENT_DIR="$dir/persist" snmpd -C -c "$dir/snmpd.conf" -Lf "$dir/log/snmpd.log" \
  -p "$dir/snmpd.pid" -I -smux,mteTrigger,mteTriggerConf
for _ in $(seq 1 100); do snmp_answers && break; sleep 0.05; done
snmp_answers || { tail -n 20 "$dir/log/snmpd.log" >&2; die "snmpd does not answer on udp 127.0.0.1:$port"; }
pid=$(cat "$dir/snmpd.pid")
log "snmpd started in $(( $(now_ms) - t0 )) ms, pid $pid"
echo "SNMPD_PID=$pid DIR=$dir PORT=$port"
