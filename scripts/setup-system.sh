#!/usr/bin/env bash
# Installs the Debian packages xload's tests and demo use, only when missing.
# Runs as root (CI and the README's fresh machine); `apt-get update` once first.
set -euo pipefail
need=()
command -v ejabberdctl >/dev/null 2>&1 || need+=(ejabberd)
command -v prosody >/dev/null 2>&1 || need+=(prosody)
command -v tsung >/dev/null 2>&1 || need+=(tsung)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
command -v flock >/dev/null 2>&1 || need+=(util-linux)
# Headless browser for the report tests (test/it/report-browser.test.ts), driven by playwright-core.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# libfaketime: an agent on a skewed clock, stepped mid-run (test/it/agent-clock.test.ts).
command -v faketime >/dev/null 2>&1 || need+=(faketime)
# The lossy-link fault test (test/it/fault-lossy-link.test.ts): `ip netns` and TUN devices
# (iproute2), and Debian's own /usr/bin/python3 for its forwarder (test/it/netns-link.py),
# not whatever python3 comes first on PATH.
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ -x /usr/bin/python3 ] || need+=(python3)
# Server monitors' real peers (issue 14; test/it/monitor-*.test.ts): SNMP agent and its
# client tools, munin-node, and the Prometheus server.
command -v snmpd >/dev/null 2>&1 || need+=(snmpd)
command -v snmpget >/dev/null 2>&1 || need+=(snmp)
command -v munin-node >/dev/null 2>&1 || need+=(munin-node)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  # On a machine with systemd the packages start their own services on 5222/5280/5269;
  # the project's scripts run their own instances on loopback instead.
  if [ -d /run/systemd/system ]; then
    systemctl disable --now ejabberd prosody snmpd munin-node prometheus >/dev/null 2>&1 || true
  fi
fi
