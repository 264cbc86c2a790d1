#!/usr/bin/env bash
# Starts a ClamAV daemon of the project's own for the upload-scan tests and prints its socket path.
#
# Debian's clamav-daemon, a configuration of ours (its own socket and folder under /tmp), and a test signature
# database made with sigtool from the EICAR test file: the signature mirrors are out of reach here, and the
# tests need nothing but EICAR. Safe to run twice: a daemon already answering on the socket is kept.
# Usage: socket=$(bash .ci/clamd.sh)   (messages go to stderr; the socket path alone to stdout)
# Stop it: kill "$(cat /tmp/baodi-clamd/clamd.pid)"
set -euo pipefail

DIR=${BAODI_CLAMD_DIR:-/tmp/baodi-clamd}
SOCKET="$DIR/clamd.sock"

if ! command -v clamd >/dev/null || ! command -v sigtool >/dev/null; then
  echo "clamd: installing clamav-daemon" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq clamav-daemon; } >/dev/null 2>&1 || {
    echo "clamd: apt-get could not install clamav-daemon" >&2; exit 1; }
fi

# True when the daemon answers PING with PONG on the socket.
answers() { [ -S "$SOCKET" ] && python3 - "$SOCKET" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(3); s.connect(sys.argv[1]); s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}

if answers; then
  echo "clamd: already answering on $SOCKET" >&2
  echo "$SOCKET"
  exit 0
fi

mkdir -p "$DIR/db"
rm -f "$SOCKET"
# The EICAR test file (https://www.eicar.org), written from its published 68 characters.
printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' > "$DIR/eicar.com"
sigtool --md5 "$DIR/eicar.com" > "$DIR/db/test.hdb"
cat > "$DIR/clamd.conf" <<CONF
LocalSocket $SOCKET
LocalSocketMode 660
DatabaseDirectory $DIR/db
PidFile $DIR/clamd.pid
LogFile $DIR/clamd.log
LogTime yes
Foreground no
# The largest upload is 20 MB (DJANGO_MAX_UPLOAD_MB): the daemon must take at least that much in one stream.
StreamMaxLength 32M
MaxThreads 4
CONF

clamd --config-file="$DIR/clamd.conf" >&2
for _ in $(seq 1 60); do
  if answers; then
    echo "clamd: answering on $SOCKET" >&2
    echo "$SOCKET"
    exit 0
  fi
  sleep 1
done
echo "clamd: no answer on $SOCKET after 60 s; its log:" >&2
cat "$DIR/clamd.log" >&2 || true
exit 1
