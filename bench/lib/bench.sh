# Shared steps of the bench scripts (sourced, bash): the server they start and stop, the
# settle between runs, and one measured run of a generator. Needs $root, $port, $work.
. "$root/scripts/lib/common.sh"

ej_dir=${ej_dir:-/tmp/xload-bench-ejabberd-${port}}
xload=${XLOAD:-node $root/bin/xload.js}
epmd_before=$(pgrep -x epmd || true)

bench_cleanup() {
  bash "$root/scripts/ejabberd/stop.sh" --dir "$ej_dir" >/dev/null 2>&1 || true
  # Stop the epmd Tsung started, unless some other Erlang node still uses it.
  local e; e=$(pgrep -x epmd || true)
  if [ -z "$epmd_before" ] && [ -n "$e" ] && ! ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null | grep -q '^name '; then
    kill "$e" 2>/dev/null || true
  fi
  rm -rf "$work"
}

# bench_start_server USERS: the project's ejabberd on 127.0.0.1:$port with user1..userUSERS.
bench_start_server() {
  command -v tsung >/dev/null 2>&1 && command -v ejabberdctl >/dev/null 2>&1 || bash "$root/scripts/setup-system.sh"
  raise_nofile
  log "starting ejabberd on 127.0.0.1:$port in $ej_dir"
  bash "$root/scripts/ejabberd/start.sh" --dir "$ej_dir" --c2s-port "$port" --tls-port $((port + 1)) \
    --http-port $((port + 58)) --users "$1" >/dev/null || { echo "FAILED: ejabberd did not start"; exit 1; }
}

# bench_server_alive: the server still runs (a run that killed it has no valid figures).
bench_server_alive() { [ -n "$(. "$ej_dir/instance.env"; pid=$(cat "$ej_dir/ejabberd.pid" 2>/dev/null); pid_runs_in "$pid" "$ej_dir/" && echo y)" ]; }

# connections_to_port: ESTABLISHED client sockets to the server port, from /proc/net/tcp.
connections_to_port() { awk -v p=":$(printf '%04X' "$port")" '$3 ~ p"$" && $4 == "01"' /proc/net/tcp | wc -l; }

# bench_settle: wait until the previous run's connections are gone, then purge the offline
# store, so every run meets the same server state.
bench_settle() {
  local i
  for i in $(seq 1 60); do [ "$(connections_to_port)" -eq 0 ] && break; sleep 0.5; done
  bash "$root/scripts/ejabberd/purge-offline.sh" --dir "$ej_dir" >/dev/null 2>&1 || log "warning: offline purge failed"
  sleep 2
}

# bench_run TOOL XML OUT_JSON [TIMEOUT_S] [EXTRA XLOAD ARGS...]: one measured run of TOOL
# (tsung|xload) on XML; writes { tool, measure, stats } to OUT_JSON and one line to stderr.
bench_run() {
  local tool=$1 xml=$2 out=$3 timeout=${4:-400} dir status=0
  shift 4 || shift $#
  dir=$(mktemp -d "$work/run.XXXXXX")
  bench_settle
  if ! bench_server_alive; then log "the server is gone"; echo "FAILED: ejabberd died before the $tool run"; exit 1; fi
  if [ "$tool" = tsung ]; then
    ERL_EPMD_ADDRESS=127.0.0.1 ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      node "$root/bench/lib/measure.mjs" --json "$dir/measure.json" --port "$port" --timeout "$timeout" -- \
      tsung -n -i "bench$$" -l "$dir/log" -f "$xml" start > "$dir/out.txt" 2>&1 || status=$?
  else
    # shellcheck disable=SC2086
    node "$root/bench/lib/measure.mjs" --json "$dir/measure.json" --port "$port" --timeout "$timeout" -- \
      $xload -f "$xml" start --out "$dir/run" --progress 0 "$@" > "$dir/out.txt" 2>&1 || status=$?
  fi
  local alive=true
  bench_server_alive || alive=false
  node --input-type=module -e "
    import { readFileSync, writeFileSync, existsSync } from 'node:fs';
    import { xloadStats, tsungStats } from '$root/bench/lib/tool-stats.mjs';
    const m = existsSync('$dir/measure.json') ? JSON.parse(readFileSync('$dir/measure.json', 'utf8')) : { status: $status, timedOut: false };
    const stats = '$tool' === 'tsung' ? tsungStats('$dir/log') : xloadStats('$dir/run');
    if (!$alive) { stats.ok = false; stats.problems.push('the server died during the run'); }
    writeFileSync('$out', JSON.stringify({ tool: '$tool', measure: m, stats, dir: '$dir' }));
    console.error('  ' + '$tool' + ': users ' + stats.users + ', peak connected ' + m.peak_connected + ', CPU ' + (typeof m.cpu_s === 'number' ? m.cpu_s.toFixed(2) : m.cpu_s) + ' s, peak RSS ' + Math.round(m.peak_tree_rss_kib / 1024) + ' MiB, login rate ' + Math.round(m.login_rate) + '/s' + (stats.ok && m.status === 0 ? '' : ', FAILED: ' + (stats.problems.join('; ') || 'exit ' + m.status)));
  "
  if [ "$status" -ne 0 ]; then log "  $tool exited with $status; last lines:"; tail -n 5 "$dir/out.txt" >&2; fi
}
