#!/usr/bin/env bash
# Prints a folder that USER can enter and owns for the files of DIR: DIR itself when USER can
# reach it, otherwise a stand-in of its own under /var/tmp. PostgreSQL (as `postgres`) and
# nginx's workers (as `nobody`) run as other users when started by root, and a checkout under
# root's home (0700 on Debian) is closed to them. The stand-in is the same for the same DIR on
# every call, so a later stop or restart finds it.
# Usage: reachable.sh USER DIR     (creates DIR, and the stand-in when needed)
set -euo pipefail
user=${1:?user} dir=${2:?folder}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
if [[ $(id -un) == "$user" ]]; then echo "$dir"; exit 0; fi
if runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
  chown "$user" "$dir"
  echo "$dir"
  exit 0
fi
# Readable by others (nginx's workers serve files from it); made by us, never a link planted
# by someone else in the shared /var/tmp.
base=/var/tmp/camera-counter-$(id -u)
[[ -d $base ]] || mkdir -m 755 "$base"
[[ -d $base && ! -L $base && $(stat -c %u "$base") == $(id -u) ]] ||
  { echo "reachable: $base is not a folder of $(id -un)'s; remove it" >&2; exit 1; }
stand_in=$base/$(basename "$dir")-$(cksum <<<"$dir" | cut -d' ' -f1)
mkdir -p "$stand_in"
chown "$user" "$stand_in"
echo "$stand_in"
