#!/usr/bin/env bash
# A vault on a nearly full small file system, for the Windows code path
# (issue 21, item 7; docs/fault-injection.md): the Windows `trayotp.exe`
# under Wine saves into a small tmpfs filled up to its last few pages, so
# that its writes fail with ENOSPC, which Wine hands to the program as
# ERROR_DISK_FULL. For `add`, `rename`, `remove` and `backup`, and each
# number of free pages from 0 up to what the save needs, it checks:
#   - a command that fails exits non-zero with one line on stderr that
#     names the problem (the disk is full) and what to do;
#   - a command that succeeds has saved its change;
#   - the vault still opens under Wine and holds every account with the
#     same keys (so the same codes): the old list, or the new one on success;
#   - no temporary file is left beside the vault (nor a partial backup).
# Prints one line per case and a summary; exits 1 if any case broke a rule.
# Needs root (or CAP_SYS_ADMIN) to mount the tmpfs: without it, it says so
# and skips (exit 0).
#   bash scripts/full-disk-wine.sh
set -euo pipefail
cd "$(dirname "$0")/.."

mnt=$(mktemp -d)
scratch=$(mktemp -d)
mounted=0
cleanup() {
  if [ "$mounted" -eq 1 ]; then umount "$mnt" || true; fi
  rmdir "$mnt" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
# 256 KiB: small enough to fill in a moment, big enough for the vault,
# its backup and a second copy of both.
if ! mount -t tmpfs -o size=256k,mode=0700 tmpfs "$mnt" 2>"$scratch/mount.err"; then
  echo "full-disk-wine: SKIPPED: cannot mount a small tmpfs here ($(head -1 "$scratch/mount.err")): run it as root (or with CAP_SYS_ADMIN) to check a full disk under Wine"
  exit 0
fi
mounted=1

# shellcheck source=../.ci/wine-env
. .ci/wine-env
cargo build --locked --quiet --target x86_64-pc-windows-gnu --bin trayotp
exe="${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/debug/trayotp.exe"
wine() { "$TRAYOTP_WINE" "$@"; }
win() { echo "Z:$1"; }

export TRAYOTP_PASSPHRASE="correct horse battery staple"
export TRAYOTP_BACKUP_PASSPHRASE="a backup passphrase for the full disk"
export TRAYOTP_CONFIG="Z:$scratch/settings.toml" TRAYOTP_LOCAL_DIR="Z:$scratch/local" TRAYOTP_LOG="Z:$scratch/trayotp.log"
unset TRAYOTP_VAULT
printf 'hotkey = ""\nbackup_reminder_days = 0\ntime_check = "off"\n' >"$scratch/settings.toml"
vault="$mnt/vault.trayotp"
run() { wine "$exe" --vault "$(win "$vault")" "$@"; }

# 40 accounts: the vault is a few pages, so a save can fail part-way.
python3 - >"$scratch/uris.txt" <<'PY'
import base64, os
for i in range(1, 41):
    key = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    print(f"otpauth://totp/account-{i}?secret={key}")
PY
run --protector passphrase import "$(win "$scratch/uris.txt")" >/dev/null 2>&1
# No backup (.bak) yet: a save writes it first, then its temporary file, so
# that with a few pages free the first fits and the second does not.
rm -f "$mnt/vault.trayotp.bak"
mkdir "$scratch/pristine"
cp -a "$mnt/." "$scratch/pristine/"

# Every account's key, sorted: the same keys make the same codes.
keys() {
  rm -f "$scratch/export.txt"
  run export "$(win "$scratch/export.txt")" --format uris >/dev/null 2>"$scratch/export.err" || return 1
  # Names are percent-encoded in the links (account%2D1): decoded here.
  python3 -c 'import sys, urllib.parse
for line in sys.stdin:
    if line.strip():
        print(urllib.parse.unquote(line.strip()))' <"$scratch/export.txt" | sort
}
keys >"$scratch/keys-before.txt"
at=1700000000
code_before=$(run code account-1 --at $at)

# Leaves `pages` pages free on the tmpfs.
fill() {
  local pages=$1 free
  free=$(stat -f -c '%a' "$mnt")
  if [ "$free" -gt "$pages" ]; then
    dd if=/dev/zero of="$mnt/filler" bs=4096 count=$((free - pages)) status=none 2>/dev/null || true
  fi
}
reset() {
  find "$mnt" -mindepth 1 -delete
  cp -a "$scratch/pristine/." "$mnt/"
}
# What the vault's folder holds beyond what belongs there: the vault, its
# backup, its lock file (kept, emptied on release), its state record (the
# last backup's date), the backup's target and the filler. A temporary file
# (.vault.trayotp.PID-N.tmp) or anything else is a leftover.
leftovers() {
  find "$mnt" -mindepth 1 -maxdepth 1 ! -name filler ! -name vault.trayotp ! -name vault.trayotp.bak \
    ! -name vault.trayotp.lock ! -name vault.trayotp.state.json ! -name out.backup -printf '%f\n'
  if [ -s "$mnt/vault.trayotp.lock" ]; then echo "vault.trayotp.lock (not emptied)"; fi
}

cases=0 failed_cases=0 saved_cases=0 problems=0 lost=0
problem() {
  problems=$((problems + 1))
  echo "  PROBLEM: $*"
}
# The free pages of each case (the vault is 2 pages): 0, where writing the
# backup (.bak) fails; 3, where the backup fits and the vault's temporary
# file does not; 6, enough to save. FULL_DISK_PAGES="0 1 2 3 4 5 6 8" for
# a longer sweep.
for command in add rename remove backup; do
  for pages in ${FULL_DISK_PAGES:-0 3 6}; do
    reset
    fill "$pages"
    cases=$((cases + 1))
    case $command in
      add) args=(add new-account --key GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ) ;;
      rename) args=(rename account-1 renamed) ;;
      remove) args=(remove account-2 --yes) ;;
      backup) args=(backup "$(win "$mnt/out.backup")") ;;
    esac
    status=0
    run "${args[@]}" >"$scratch/out" 2>"$scratch/err" </dev/null || status=$?
    err=$(grep -v '^\s*$' "$scratch/err" || true)
    rm -f "$mnt/filler"
    after=$(keys) || {
      lost=$((lost + 1))
      problem "$command, $pages free pages: the vault does not open afterwards: $(cat "$scratch/export.err")"
      continue
    }
    before=$(cat "$scratch/keys-before.txt")
    # Whether the vault holds the list from after the command.
    changed=0
    case $command in
      add) grep -q 'totp/new-account?' <<<"$after" && [ "$(grep -vc 'totp/new-account?' <<<"$after")" -eq "$(wc -l <<<"$before")" ] && changed=1 ;;
      rename) grep -q 'totp/renamed?' <<<"$after" && ! grep -q 'totp/account-1?' <<<"$after" && changed=1 ;;
      remove) ! grep -q 'totp/account-2?' <<<"$after" && [ "$(wc -l <<<"$after")" -eq $(($(wc -l <<<"$before") - 1)) ] && changed=1 ;;
      backup) [ -s "$mnt/out.backup" ] && changed=1 ;;
    esac
    if [ "$command" = backup ] || [ "$changed" -eq 0 ]; then
      if [ "$after" != "$before" ]; then
        lost=$((lost + 1))
        problem "$command, $pages free pages: the vault holds neither the accounts from before nor those from after"
      fi
    fi
    if [ "$status" -ne 0 ]; then
      failed_cases=$((failed_cases + 1))
      outcome="failed ($([ "$changed" -eq 1 ] && echo after || echo before)): $err"
      [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || problem "$command: not one line on stderr: $err"
      case "$err" in
        "trayotp: error: "*) ;;
        *) problem "$command: not a trayotp error line: $err" ;;
      esac
      grep -qi 'space\|full' <<<"$err" || problem "$command: the line does not say the disk is full: $err"
      grep -qi 'free\|make room\|another\|elsewhere' <<<"$err" || problem "$command: the line does not say what to do: $err"
      if grep -qi 'panick' <<<"$err"; then problem "$command: panicked"; fi
      [ "$command" != backup ] || [ ! -e "$mnt/out.backup" ] || problem "backup failed but left a partial file"
    else
      saved_cases=$((saved_cases + 1))
      outcome="saved"
      [ "$changed" -eq 1 ] || problem "$command, $pages free pages: exited 0 but did not save its change"
    fi
    left=$(leftovers)
    [ -z "$left" ] || problem "$command, $pages free pages: left behind: $left"
    echo "full-disk-wine: $command with $pages free pages: $outcome"
  done
done
# The codes themselves, after all of it (the pristine vault, one last save).
reset
[ "$(run code account-1 --at $at)" = "$code_before" ] || problem "account-1's code changed"
echo "full-disk-wine: $cases cases: $failed_cases failed with one line, $saved_cases saved; $lost with accounts lost; $problems problems"
[ "$problems" -eq 0 ]
