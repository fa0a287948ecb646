# Resolves one ejabberd instance's settings from DIR (sourced by the ejabberd scripts).
# An instance is a folder: start.sh writes instance.env there; the others read it, so a
# second instance on other ports is just another --dir.

EJ_DEFAULT_DIR=/tmp/xload-ejabberd-5222

# ej_load DIR: read DIR/instance.env (written by start.sh) or fail with a clear message.
ej_load() {
  local dir=$1
  [ -f "$dir/instance.env" ] || die "no ejabberd instance in $dir (run scripts/ejabberd/start.sh --dir $dir)"
  # shellcheck disable=SC1091
  . "$dir/instance.env"
}

# ej_ctl ARGS...: ejabberdctl against this instance (needs ej_load first). Runs as the
# ejabberd user via setpriv, as start does, so ctl and node share the spool and cookie.
ej_ctl() {
  as_user ejabberd env HOME="$EJ_DIR" ejabberdctl --config-dir "$EJ_DIR" "$@"
}

# ej_pid: pid of the running node, empty when none.
ej_pid() {
  local pid
  pid=$(cat "$EJ_DIR/ejabberd.pid" 2>/dev/null || true)
  if pid_runs_in "$pid" "$EJ_DIR/"; then echo "$pid"; fi
}
