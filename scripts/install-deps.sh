#!/usr/bin/env bash
# Installs the Debian packages a group of make targets needs, only when something is missing.
# Usage: scripts/install-deps.sh GROUP...
# Groups: build (compile counterd), serve (run it), web (build the UI), run (nginx and tools),
# postgres (the shared store, run locally), redis (the live channel shared by several nginx),
# dev (make dev), test, bench, docker (Compose tests), fuzz.
# The one list of Debian packages: the Makefile, the Dockerfiles and CI all install through it.
# Everything comes from Debian's apt repositories; deb-src is enabled because the UI build
# fetches Dear ImGui's sources with `apt-get source`.
set -euo pipefail

declare -A group=(
  [build]="g++ cmake make pkg-config libpistache-dev rapidjson-dev libsqlite3-dev libpq-dev libhowardhinnant-date-dev"
  [serve]="libpistache0 libsqlite3-0 libpq5 libdate-tz3 tzdata"
  [web]="emscripten node-terser python3-fonttools fonts-roboto-unhinted fonts-material-design-icons-iconfont dpkg-dev xz-utils brotli zopfli ca-certificates"
  [run]="nginx libnginx-mod-http-brotli-static libnginx-mod-nchan gettext-base curl procps"
  [test]="catch2 libcpp-httplib-dev chromium"
  [postgres]="postgresql"
  [redis]="redis-server"
  [dev]="inotify-tools bc"
  [bench]="wrk python3-flask util-linux strace"
  [docker]="docker.io docker-compose debootstrap"
  [fuzz]="clang libclang-rt-14-dev"
  [format]="clang-format"
)

wanted=()
for g in "$@"; do
  [[ -n "${group[$g]:-}" ]] || { echo "install-deps: unknown group '$g'" >&2; exit 2; }
  for p in ${group[$g]}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || wanted+=("$p")
  done
done

sudo_=""
[[ $(id -u) -eq 0 ]] || sudo_="sudo"

enable_deb_src() {
  local src=/etc/apt/sources.list.d/debian-src.sources
  [[ -f $src ]] && return 0
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo_ tee "$src" >/dev/null
  elif [[ -f /etc/apt/sources.list ]]; then
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $sudo_ tee /etc/apt/sources.list.d/debian-src.list >/dev/null
  fi
  $sudo_ apt-get update -qq
}

# Node.js may come from elsewhere with its own npm; only ask apt for it when missing.
for g in "$@"; do
  [[ $g == test || $g == web ]] && ! command -v npm >/dev/null && wanted+=(nodejs npm)
done

if ((${#wanted[@]})); then
  echo "install-deps: installing ${wanted[*]}"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
fi
for g in "$@"; do [[ $g == web ]] && enable_deb_src; done
exit 0
