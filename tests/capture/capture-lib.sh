# capture-lib.sh -- shared by the capture scripts (sourced, not run).

# capture_start: $work, a fresh directory, and $pids, the processes the
# script starts; on exit (an interrupt too) those are stopped, the
# script's own capture_cleanup runs if it has one, and $work goes.
capture_start() {
  work=$(mktemp -d)
  pids=
  trap capture_end EXIT
  trap 'exit 1' INT TERM
}
capture_end() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  [ -s "$work/rsyslogd.pid" ] && kill "$(cat "$work/rsyslogd.pid")" 2>/dev/null
  if command -v capture_cleanup >/dev/null 2>&1; then capture_cleanup; fi
  if [ "${fqdn_added:-0}" = 1 ]; then sed -i "/^127.0.0.1 $(hostname).test.example /d" /etc/hosts; fi
  rm -rf "$work"
}

# rsyslog_start WORKDIR LOGFILE [SOCKET...]: a private rsyslogd writing the
# mail facility to LOGFILE in the traditional (RFC 3164) format, reading
# /dev/log and each extra SOCKET (a chroot's dev/log).  Other rsyslogd
# processes on the machine (a test suite's, say) are left alone: this one
# has its own pid file and only that pid is stopped.
rsyslog_start() {
  rs_dir=$1 rs_log=$2
  shift 2
  rs_devlog=0
  [ -e /dev/log ] || rs_devlog=1
  # the host name field says mx, not the scratch machine's own name
  { echo 'global(localHostname="mx")'
    echo 'module(load="imuxsock")'
    for s in "$@"; do mkdir -p "$(dirname "$s")"; echo "input(type=\"imuxsock\" Socket=\"$s\")"; done
    echo "\$WorkDirectory $rs_dir"
    echo "mail.* -$rs_log;RSYSLOG_TraditionalFileFormat"
  } > "$rs_dir/rsyslog.conf"
  : > "$rs_log"
  rsyslogd -f "$rs_dir/rsyslog.conf" -i "$rs_dir/rsyslogd.pid"
  sleep 1
}

# rsyslog_stop WORKDIR: stop it, after its last write; remove /dev/log if
# it was not there before.
rsyslog_stop() {
  sleep 1
  kill "$(cat "$1/rsyslogd.pid")" 2>/dev/null || true
  sleep 1
  [ "${rs_devlog:-0}" = 1 ] && rm -f /dev/log
  return 0
}

# wait_until SECONDS COMMAND...: poll COMMAND every 2 s until it succeeds
# or SECONDS have passed (the capture goes on either way).
wait_until() {
  wu_end=$(($(date +%s) + $1))
  shift
  while [ "$(date +%s)" -lt "$wu_end" ]; do
    "$@" && return 0
    sleep 2
  done
  echo "wait_until: gave up waiting for: $*" >&2
  return 0
}

# fqdn_hosts: the MTAs want a fully qualified host name without DNS.
# (capture_end takes the line away again when this added it)
fqdn_hosts() {
  grep -q "$(hostname).test.example" /etc/hosts && return 0
  sed -i "1i 127.0.0.1 $(hostname).test.example $(hostname)" /etc/hosts
  fqdn_added=1
}
