# Shared helpers for the server scripts (sourced, not run). Bash only.
# Why here: start/stop/users for ejabberd and Prosody need the same port wait, privilege
# drop, pid handling and timing, and must behave the same way for both servers.

# log MSG...: progress to stderr, so stdout stays machine-readable (KEY=VALUE lines).
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

die() { log "error: $*"; exit 1; }

# close_inherited_fds: closes every descriptor above stderr that this shell inherited, so
# a daemon it starts does not hold them for its whole life. Why: `flock LOCK cmd` passes
# the lock's descriptor to cmd, and a server started inside it kept the lock after the
# bench ended (a later bench then waited forever). Skips 255, where bash reads the script.
close_inherited_fds() {
  local f n
  for f in "/proc/$BASHPID/fd/"*; do
    n=${f##*/}
    case $n in 0|1|2|255) continue ;; esac
    eval "exec $n>&-" 2>/dev/null || true
  done
}

# now_ms: wall clock in milliseconds, for the timings the scripts print.
now_ms() { date +%s%3N; }

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_port HOST PORT TIMEOUT_S LOGFILE [FAIL_REGEX]: wait until the port accepts; on
# timeout, or as soon as the log matches FAIL_REGEX (the server gave up), print the log's
# tail so the reason is on screen, not buried in a temp folder.
wait_port() {
  local host=$1 port=$2 timeout_s=$3 logfile=$4 fail=${5:-} deadline
  deadline=$(( $(date +%s) + timeout_s ))
  until port_open "$host" "$port"; do
    if [ -n "$fail" ] && grep -Eq "$fail" "$logfile" 2>/dev/null; then
      log "the server failed to start; tail of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "timeout: nothing accepts on $host:$port after ${timeout_s}s; tail of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.05
  done
}

# pid_alive PID: the process exists (and is not a zombie).
pid_alive() {
  [ -n "$1" ] && [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# pid_runs_in PID DIR: PID is alive and its command line names DIR. A pid file can outlive
# its process (kill -9, reboot) and the number be reused; this keeps us from signalling
# some other process.
pid_runs_in() {
  pid_alive "$1" && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$2"
}

# stop_pid PID NAME TIMEOUT_S: SIGTERM, wait, then SIGKILL. Never matches by name.
stop_pid() {
  local pid=$1 name=$2 timeout_s=$3 t0 i
  if ! pid_alive "$pid"; then log "$name: pid $pid not running"; return 0; fi
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout_s * 20; i++)); do
    pid_alive "$pid" || { log "$name: pid $pid stopped in $(( $(now_ms) - t0 )) ms"; return 0; }
    sleep 0.05
  done
  log "$name: pid $pid ignored SIGTERM for ${timeout_s}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do pid_alive "$pid" || return 0; sleep 0.05; done
  die "$name: pid $pid survived SIGKILL"
}

# open_files_limit PID: the soft "Max open files" of a running process, from /proc.
open_files_limit() { awk '/^Max open files/ {print $4}' "/proc/$1/limits"; }

# report_nofile NAME PID: print the server's open-files limit as /proc shows it, and warn
# when it is below our hard limit (the PAM trap: 1024 caps a server at ~1,000 users).
report_nofile() {
  local limit
  limit=$(open_files_limit "$2")
  if [ "$limit" -lt "$(ulimit -Hn)" ]; then
    log "warning: $1 pid $2 has open-files limit $limit, below the hard limit $(ulimit -Hn)"
  fi
  echo "$limit"
}

# raise_nofile: soft open-files limit up to the hard limit, before dropping privileges,
# because su/runuser go through PAM, which resets it to 1024 (see shared/SERVERS.md).
raise_nofile() { ulimit -n "$(ulimit -Hn)"; }

# as_user USER CMD...: run CMD as USER without PAM (setpriv keeps our rlimits).
# When not root we cannot switch users; run as ourselves.
as_user() {
  local user=$1; shift
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
  else
    "$@"
  fi
}

# own_dir USER DIR: let the server user write its state under DIR (root only).
own_dir() { if [ "$(id -u)" -eq 0 ]; then chown -R "$1:$1" "$2"; fi; }

# make_cert DIR CN: self-signed cert+key (PEM) for STARTTLS and direct TLS, made once.
make_cert() {
  local dir=$1 cn=$2
  [ -s "$dir/cert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$cn" \
    -addext "subjectAltName=DNS:$cn,DNS:*.$cn" \
    -keyout "$dir/key.pem" -out "$dir/crt.pem" >/dev/null 2>&1 || die "openssl failed"
  cat "$dir/key.pem" "$dir/crt.pem" > "$dir/cert.pem"
  chmod 640 "$dir/key.pem" "$dir/cert.pem"
}

# render TEMPLATE OUT KEY=VALUE...: copy TEMPLATE replacing each @@KEY@@ with VALUE.
render() {
  local tpl=$1 out=$2 expr=() kv; shift 2
  for kv in "$@"; do expr+=(-e "s|@@${kv%%=*}@@|${kv#*=}|g"); done
  sed "${expr[@]}" "$tpl" > "$out"
  if grep -q '@@[A-Z_]*@@' "$out"; then die "unfilled placeholder in $out"; fi
}

# ensure_packages: install Debian's servers when missing (idempotent, root).
ensure_packages() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  bash "$root/scripts/setup-system.sh"
}

# stop_daemon NAME DIR: stops the daemon NAME whose DIR/NAME.pid a project script wrote
# (snmpd, munin-node); idempotent: nothing running in DIR is fine.
stop_daemon() {
  local name=$1 dir=$2 pid
  pid=$(cat "$dir/$name.pid" 2>/dev/null || true)
  if ! pid_runs_in "$pid" "$dir/"; then log "$name: nothing running in $dir"; return 0; fi
  stop_pid "$pid" "$name" 10
  rm -f "$dir/$name.pid"
  echo "STOPPED_PID=$pid DIR=$dir"
}
