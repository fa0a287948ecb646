#!/usr/bin/env bash
# Usage: scripts/ejabberd/users.sh N [--from 1] [--dir DIR]
# Creates userK@DOMAIN with password pwdK for K in FROM..FROM+N-1 on the running instance
# in DIR. Fast: one Erlang RPC loops over ejabberd_auth:try_register/3 inside the node
# (3-4 s for 10,000 on an idle 2-core box, ~1 s of it starting the client VM; parallel
# workers did not help; one `ejabberdctl register` per user costs ~0.27 s).
# Existing users are kept (idempotent). Prints USERS_CREATED=... USERS_EXISTING=... MS=...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib/common.sh"
. "$here/instance.sh"

[ $# -ge 1 ] || die "usage: users.sh N [--from 1] [--dir DIR]"
count=$1; shift
from=1 dir=$EJ_DEFAULT_DIR
while [ $# -gt 0 ]; do
  case $1 in
    --from) from=$2; shift 2;;
    --dir) dir=$2; shift 2;;
    *) die "unknown option $1";;
  esac
done
ej_load "$dir"
[ -n "$(ej_pid)" ] || die "ejabberd in $dir is not running"
last=$((from + count - 1))

# A hidden client node that does not listen (-dist_listen false) and finds the server at
# its fixed distribution port, as ejabberdctl itself does: no epmd involved.
t0=$(now_ms)
# ejabberd accepts connections a moment before mnesia has created its tables on a fresh
# spool: an RPC that meets {no_exists, passwd, ...} is tried again (registration is
# idempotent: users that exist are counted, not re-created).
register_users() {
  out=$(HOME="$dir" erl -sname "xload_users_$$" -hidden -noinput -setcookie "$EJ_COOKIE" \
  -erl_epmd_port "$EJ_DIST_PORT" -start_epmd false -dist_listen false \
  -kernel inet_dist_use_interface '{127,0,0,1}' -eval "
    Node = '$EJ_NODE', Host = <<\"$EJ_DOMAIN\">>,
    Reg = fun(From, To) ->
      lists:foldl(fun(K, {New, Old, Err}) ->
          S = integer_to_binary(K),
          case ejabberd_auth:try_register(<<\"user\", S/binary>>, Host, <<\"pwd\", S/binary>>) of
            ok -> {New + 1, Old, Err};
            {error, exists} -> {New, Old + 1, Err};
            E -> {New, Old, [E | Err]}
          end
        end, {0, 0, []}, lists:seq(From, To))
    end,
    case rpc:call(Node, erlang, apply, [Reg, [$from, $last]], 600000) of
      {New, Old, []} -> io:format(\"~b ~b~n\", [New, Old]), halt(0);
      {_, _, Errs} -> io:format(standard_error, \"register errors: ~p~n\", [lists:sublist(Errs, 5)]), halt(2);
      Other -> io:format(standard_error, \"rpc to ~s failed: ~p~n\", [Node, Other]), halt(3)
    end." 2>&1)
}
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if register_users; then break; fi
  case "$out" in
    *no_exists*) [ "$attempt" -lt 10 ] && { sleep 0.5; continue; } ;;
  esac
  die "user creation failed: $out"
done

read -r created existing <<<"$out"
ms=$(( $(now_ms) - t0 ))
log "ejabberd: users user$from..user$last: $created created, $existing existed, in $ms ms"
echo "USERS_CREATED=$created USERS_EXISTING=$existing MS=$ms"
