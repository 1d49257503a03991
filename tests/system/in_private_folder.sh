#!/usr/bin/env bash
# Runs COMMAND with this checkout inside a folder that only root can enter (mode 0700, as root's
# home is on Debian), at the same path, so that builds made outside stay valid: in a private
# mount namespace, the checkout's parent is replaced by a 0700 folder holding just the checkout.
# Services the command starts as other users (PostgreSQL as postgres, nginx's workers as
# nobody) then meet what they meet on such a machine. Needs root.
# Usage: in_private_folder.sh COMMAND [ARG...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd -P)
[[ $(id -u) -eq 0 ]] || { echo "in_private_folder: needs root" >&2; exit 2; }
exec unshare --mount --propagation private bash -euo pipefail -c '
  repo=$1; shift
  parent=$(dirname "$repo")
  hold=$(mktemp -d /tmp/private-checkout-XXXX)
  mount --bind "$repo" "$hold"
  mount -t tmpfs -o mode=0700 private "$parent"
  mkdir "$repo"
  mount --move "$hold" "$repo"
  rmdir "$hold"
  cd "$repo"
  "$@"
' in_private_folder "$repo" "$@"
