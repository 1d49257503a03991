#!/usr/bin/env bash
# Runs COMMAND with this checkout inside a folder that only root can enter (mode 0700, as root's
# home is on Debian), at the same path, so that builds made outside stay valid: in a private
# mount namespace, the checkout's parent is replaced by a 0700 folder holding just the checkout.
# Services the command starts as other users (PostgreSQL as postgres, nginx's workers as
# nobody) then meet what they meet on such a machine. Needs root.
# Usage: in_private_folder.sh COMMAND [ARG...]
#        in_private_folder.sh --check   exits 0 when it can run here: as root, outside a chroot,
#                                       with the checkout in a folder of its own (not /, /tmp or
#                                       the like, which the command needs as they are)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd -P)
case $(dirname "$repo") in
  / | /tmp | /var/tmp | /dev/shm | /run) shared_parent=yes ;;
  *) shared_parent=no ;;
esac
# Root, a parent that may be hidden, and a root filesystem whose mounts can be made private
# (not so inside a chroot, where / is no mount point).
if [[ $(id -u) -ne 0 || $shared_parent == yes ]] || ! unshare --mount --propagation private true 2>/dev/null; then
  echo "in_private_folder: needs root, a private mount namespace and a checkout whose parent folder may be hidden ($repo)" >&2
  exit 3
fi
[[ ${1:-} == --check ]] && exit 0
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
