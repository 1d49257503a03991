#!/usr/bin/env bash
# `make run` without a Docker engine: counterd and nginx start as local processes (and with
# STORE=postgres, a local PostgreSQL and replicas), the printed URL passes the browser and API
# smoke tests, and `make stop` leaves no process behind.
# Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
cd "$repo"
run_dir=$(mktemp -d /tmp/counter-run-XXXX)
chmod 755 "$run_dir"  # PostgreSQL runs as its own user, in a folder in here
export RUN_DIR=$run_dir WEB_PORT=$(free_port) API_PORT=$(free_port) PUBLISH_PORT=$(free_port)
unset DOCKER_HOST
trap 'make stop >/dev/null 2>&1; rm -rf "$run_dir"' EXIT

if docker info >/dev/null 2>&1; then
  echo "SKIP make run without an engine: a Docker engine answers here"
  exit 0
fi
# One run: make run with `$@`, smoke tests against what it printed, make stop.
scenario() {
  local what="make run${*:+ $*}" out url code
  out=$(make run "$@" 2>&1)
  url=$(grep -o 'http://localhost:[0-9]*' <<<"$out" | head -n 1)
  if [[ -n $url ]]; then pass "$what prints the URL ($url)"; else fail "$what prints the URL"; echo "$out"; return; fi
  code=$(sed -n "s/^manager's code: //p" <<<"$out")
  if [[ -n $code ]]; then pass "$what prints the manager's code"; else fail "$what prints the manager's code"; fi
  if BASE_URL=${url/localhost/127.0.0.1} MANAGER_CODE=$code node --test tests/system/smoke.test.mjs >"$run_dir/smoke.log" 2>&1; then
    pass "$what: browser and API smoke tests pass against the printed URL"
  else
    fail "$what: browser and API smoke tests against the printed URL"; cat "$run_dir/smoke.log"
  fi
  make stop >/dev/null
  if pgrep -f "$run_dir" >/dev/null; then
    fail "$what: make stop leaves no process behind"; pgrep -af "$run_dir"
  else
    pass "$what: make stop leaves no process behind"
  fi
}

scenario
# Replicas on a local PostgreSQL behind the same nginx.
scenario STORE=postgres REPLICAS=2
echo "make run system test: $fails failed"
[[ $fails -eq 0 ]]
