#!/usr/bin/env bash
# Puts Dear ImGui 1.86's sources (Debian's source package) into DEST/imgui-1.86.
# Never committed: the build fetches them into its own tree.
set -euo pipefail
dest=${1:?usage: fetch-imgui.sh DEST}
[[ -f $dest/imgui-1.86/imgui.cpp ]] && exit 0
mkdir -p "$dest"
cd "$dest"
apt-get source --download-only imgui=1.86+ds-1 >/dev/null 2>&1 || apt-get source --download-only imgui >/dev/null
tar -xf imgui_1.86+ds.orig.tar.xz
test -f imgui-1.86/imgui.cpp
