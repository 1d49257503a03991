#!/usr/bin/env bash
# Prints the Debian mirror apt uses here, from deb822 sources (debian.sources, what cloud images
# write) or the classic one-line sources.list (what Debian's installer and debootstrap write).
# Usage: apt-mirror.sh [APT_DIR]   (default /etc/apt). Exits 1 with a reason when none is set.
set -euo pipefail
apt_dir=${1:-/etc/apt}
mirror=""
for f in "$apt_dir"/sources.list.d/*.sources; do
  [[ -f $f ]] || continue
  # The first stanza that serves binary packages ("Types: deb", maybe beside deb-src).
  mirror=$(awk '/^Types:/ { deb = / deb( |$)/ } deb && /^URIs:/ { print $2; exit }' "$f")
  [[ -n $mirror ]] && break
done
if [[ -z $mirror ]]; then
  for f in "$apt_dir"/sources.list "$apt_dir"/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # "deb [options] URI suite components"
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
    [[ -n $mirror ]] && break
  done
fi
[[ -n $mirror ]] || { echo "apt-mirror: no Debian mirror in $apt_dir/sources.list or $apt_dir/sources.list.d/" >&2; exit 1; }
echo "$mirror"
