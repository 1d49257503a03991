#!/usr/bin/env bash
# `make run` without a Docker engine: counterd and nginx start as local processes, the printed
# URL passes the browser and API smoke tests, and `make stop` leaves no process behind.
# Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
cd "$repo"
run_dir=$(mktemp -d /tmp/counter-run-XXXX)
export RUN_DIR=$run_dir WEB_PORT=$(free_port) API_PORT=$(free_port)
unset DOCKER_HOST
trap 'make stop >/dev/null 2>&1; rm -rf "$run_dir"' EXIT

if docker info >/dev/null 2>&1; then
  echo "SKIP make run without an engine: a Docker engine answers here"
  exit 0
fi
out=$(make run 2>&1)
url=$(grep -o 'http://localhost:[0-9]*' <<<"$out" | head -n 1)
if [[ -n $url ]]; then pass "make run prints the URL ($url)"; else fail "make run prints the URL"; echo "$out"; exit 1; fi
code=$(sed -n "s/^manager's code: //p" <<<"$out")
if [[ -n $code ]]; then pass "make run prints the manager's code"; else fail "make run prints the manager's code"; fi
if BASE_URL=${url/localhost/127.0.0.1} MANAGER_CODE=$code node --test tests/system/smoke.test.mjs >"$run_dir/smoke.log" 2>&1; then
  pass "browser and API smoke tests pass against the printed URL"
else
  fail "browser and API smoke tests against the printed URL"; cat "$run_dir/smoke.log"
fi
make stop >/dev/null
if pgrep -f "$run_dir" >/dev/null; then
  fail "make stop leaves no process behind"; pgrep -af "$run_dir"
else
  pass "make stop leaves no process behind"
fi
echo "make run system test: $fails failed"
[[ $fails -eq 0 ]]
