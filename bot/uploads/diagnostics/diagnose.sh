#!/bin/sh
# Relais - diagnostic for ticket __RELAIS_TICKET__ (macOS and Linux).
#
# Gathers a description of this computer, the system's recent errors and the logs of the application named
# below, into text files in a temporary folder, then sends them to the ticket with the one-time link below.
# It changes nothing on this computer and needs no administrator rights. Run it with:  sh relais-diagnose.sh
set -u

LINK='__RELAIS_LINK__'
APP='__RELAIS_APP__'
MAX_BYTES=9000000  # each file stays under the upload's limit: the end of a log is what matters

OUT=$(mktemp -d "${TMPDIR:-/tmp}/relais-diagnose.XXXXXX") || exit 1
trap 'rm -rf "$OUT"' EXIT INT TERM
OS=$(uname -s)

section() { printf '\n===== %s\n' "$1"; }
cap() { tail -c "$MAX_BYTES"; }
run() { command -v "$1" >/dev/null 2>&1 && "$@" 2>&1; }

echo "Relais: gathering information for ticket __RELAIS_TICKET__..."
{
  section "collected"; date -u '+%Y-%m-%dT%H:%M:%SZ'
  section "system"; uname -a
  if [ "$OS" = Darwin ]; then run sw_vers; run system_profiler SPSoftwareDataType SPHardwareDataType
  else cat /etc/os-release 2>/dev/null; run hostnamectl; fi
  section "uptime"; uptime
  section "disks"; df -h 2>&1
  section "memory"; if [ "$OS" = Darwin ]; then run vm_stat; else run free -m; fi
  section "network"; if [ "$OS" = Darwin ]; then run ifconfig; else run ip -brief address || run ifconfig; fi
  section "processes (by CPU)"; ps aux 2>/dev/null | sort -rnk 3 | head -n 25
} | cap > "$OUT/system.txt"

{
  section "recent errors"
  if [ "$OS" = Darwin ]; then
    run log show --last 2h --style compact --predicate 'messageType == error OR messageType == fault' | tail -n 2000
  elif command -v journalctl >/dev/null 2>&1; then
    journalctl --priority=err --since "-2 days" --no-pager -n 2000 2>&1
  else
    for f in /var/log/syslog /var/log/messages; do [ -r "$f" ] && grep -iE 'error|fail|crit' "$f" | tail -n 2000; done
  fi
  run dmesg --level=err,warn 2>/dev/null | tail -n 300
} | cap > "$OUT/errors.txt"

if [ -n "$APP" ]; then
  {
    section "logs of $APP"
    for dir in "$HOME/Library/Logs" "$HOME/.local/share" "$HOME/.config" "$HOME/.cache" /var/log /Library/Logs; do
      [ -d "$dir" ] || continue
      find "$dir" -maxdepth 4 -type f -iname "*$APP*" \( -iname '*.log' -o -iname '*.txt' -o -iname '*.err' \) \
        2>/dev/null | head -n 10 | while IFS= read -r f; do
        section "$f"; tail -n 1000 "$f" 2>&1
      done
    done
    if [ "$OS" != Darwin ] && command -v journalctl >/dev/null 2>&1; then
      section "journal entries naming $APP"; journalctl --since "-2 days" --no-pager 2>/dev/null | grep -i -- "$APP" | tail -n 1000
    fi
  } | cap > "$OUT/application.txt"
fi

set -- -F "files=@$OUT/system.txt;type=text/plain" -F "files=@$OUT/errors.txt;type=text/plain"
[ -f "$OUT/application.txt" ] && set -- "$@" -F "files=@$OUT/application.txt;type=text/plain"

echo "Relais: sending to ticket __RELAIS_TICKET__..."
if command -v curl >/dev/null 2>&1; then
  curl --silent --show-error --max-time 300 -H 'Accept: text/plain' "$@" "$LINK"
  status=$?
else
  echo "curl is missing: send the files in $OUT from the upload page instead." >&2
  trap - EXIT INT TERM
  exit 1
fi
exit $status
