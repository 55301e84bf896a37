#!/usr/bin/env bash
# How `trayotp import` scales with the entries of a KeePass database: makes
# KDBX 4 files of 0, 100 and 1000 TOTP entries (pykeepass, Debian's
# python3-pykeepass: its default Argon2 cost, the same for each file), then
# times `trayotp import` of each into a new passphrase vault, best of
# BENCH_RUNS (default 3). The 0-entry file is the KDF and start-up cost; the
# others show the per-entry cost on top of it.
#   bash scripts/bench-import.sh              # the release build
#   TRAYOTP_EXE=target/debug/trayotp bash scripts/bench-import.sh
# A measurement, not a test: nothing here passes or fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
exe=${TRAYOTP_EXE:-}
if [ -z "$exe" ]; then
  cargo build --release --locked --quiet --bin trayotp
  exe="${CARGO_TARGET_DIR:-target}/release/trayotp"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

/usr/bin/python3 - "$scratch" <<'PY'
import sys, base64, hashlib
from pykeepass import create_database
folder = sys.argv[1]
for count in (0, 100, 1000):
    kp = create_database(f"{folder}/db{count}.kdbx", password="bench")
    for i in range(count):
        key = base64.b32encode(hashlib.sha1(str(i).encode()).digest()).decode()
        # At creation: keepass-rs reads an entry's fields only before its AutoType.
        kp.add_entry(kp.root_group, f"Site {i}", f"user{i}", "password",
                     otp=f"otpauth://totp/Site%20{i}:user{i}?secret={key}&period=30&digits=6&issuer=Site%20{i}")
    kp.save()
PY

echo "| TOTP entries | import (best of $runs) |"
echo "| ---: | ---: |"
for count in 0 100 1000; do
  best=""
  for _ in $(seq "$runs"); do
    rm -rf "$scratch/vault"
    start=$(date +%s%N)
    TRAYOTP_PASSPHRASE=bench-vault TRAYOTP_BACKUP_PASSPHRASE=bench TRAYOTP_CONFIG="$scratch/settings.toml" \
      "$exe" --vault "$scratch/vault/v.trayotp" --protector passphrase import "$scratch/db$count.kdbx" \
      >/dev/null 2>&1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "| $count | $best ms |"
done
