#!/usr/bin/env bash
# Inside a session bus (dbus-run-session): starts gnome-keyring's Secret
# Service with an unlocked login keyring, then runs the given command.
set -euo pipefail
mkdir -p "${XDG_RUNTIME_DIR:?}" "${XDG_DATA_HOME:?}"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'ci' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
# Wait until the Secret Service answers on the bus.
for _ in $(seq 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.1
done
exec "$@"
