# Resolves one Prosody instance's settings from DIR (sourced by the Prosody scripts).
# An instance is a folder: start.sh writes instance.env there; the others read it.

PR_DEFAULT_DIR=/tmp/xload-prosody-5322

# pr_load DIR: read DIR/instance.env (written by start.sh) or fail with a clear message.
pr_load() {
  local dir=$1
  [ -f "$dir/instance.env" ] || die "no Prosody instance in $dir (run scripts/prosody/start.sh --dir $dir)"
  # shellcheck disable=SC1091
  . "$dir/instance.env"
}

# pr_pid: pid of the running server, empty when none.
pr_pid() {
  local pid
  pid=$(cat "$PR_DIR/prosody.pid" 2>/dev/null || true)
  if pid_runs_in "$pid" "$PR_DIR/"; then echo "$pid"; fi
}

# pr_store_dir STORE: folder of one internal-storage store for the instance's host.
# Prosody's datamanager encodes every non-alphanumeric byte of the host as %xx.
pr_store_dir() {
  local host="" c i
  for ((i = 0; i < ${#PR_DOMAIN}; i++)); do
    c=${PR_DOMAIN:i:1}
    if [[ $c =~ [A-Za-z0-9] ]]; then host+=$c; else host+=$(printf '%%%02x' "'$c"); fi
  done
  echo "$PR_DIR/data/$host/$1"
}
