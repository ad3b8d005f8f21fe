# capture-lib.sh -- shared by the capture scripts (sourced, not run).
# rsyslog_start WORKDIR LOGFILE: a private rsyslogd writing the mail
# facility to LOGFILE in the traditional (RFC 3164) format.
rsyslog_start() {
  cat > "$1/rsyslog.conf" <<CONF
module(load="imuxsock")
\$WorkDirectory $1
mail.* -$2;RSYSLOG_TraditionalFileFormat
CONF
  : > "$2"
  pkill -x rsyslogd 2>/dev/null || true
  rsyslogd -f "$1/rsyslog.conf" -i "$1/rsyslogd.pid"
  sleep 1
}

# rsyslog_stop WORKDIR: stop it, after its last write.
rsyslog_stop() {
  sleep 1
  kill "$(cat "$1/rsyslogd.pid")" 2>/dev/null || true
  sleep 1
}

# fqdn_hosts: the MTAs want a fully qualified host name without DNS.
fqdn_hosts() {
  grep -q "$(hostname).test.example" /etc/hosts ||
    sed -i "1i 127.0.0.1 $(hostname).test.example $(hostname)" /etc/hosts
}
