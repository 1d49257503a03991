#!/usr/bin/env bash
# `make dev` on a temporary copy of the repo: change a backend response and a UI string, and
# see both new behaviours (the API's answer, and an open page that reloads by itself) without
# restarting anything by hand. Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
copy=$(mktemp -d /tmp/counter-hot-XXXX)
web_port=$(free_port) api_port=$(free_port) publish_port=$(free_port)

copy_repo "$repo" "$copy"
cd "$copy"
WEB_PORT=$web_port API_PORT=$api_port PUBLISH_PORT=$publish_port RUN_DIR=$copy/run scripts/dev.sh >"$copy/dev.log" 2>&1 &
dev_pid=$!
cleanup() {
  kill -TERM "$dev_pid" 2>/dev/null
  wait "$dev_pid" 2>/dev/null
  rm -rf "$copy"
}
trap cleanup EXIT

dev_serves() { kill -0 "$dev_pid" && curl -fs "http://127.0.0.1:$web_port/api/counter"; }
until_true 600 dev_serves || { fail "make dev starts"; cat "$copy/dev.log"; exit 1; }
pass "make dev starts the app on a copy of the repo"

check_hot_reload "http://127.0.0.1:$web_port" "$copy" "$copy/dev.log"
check_failed_rebuild "http://127.0.0.1:$web_port" "$copy" "$copy/dev.log"

kill -TERM "$dev_pid"
wait "$dev_pid"
if pgrep -f "$copy/" >/dev/null; then
  fail "stopping make dev (SIGTERM) stops its processes"
else
  pass "stopping make dev (SIGTERM) stops its processes"
fi
echo "hot reload system test: $fails failed"
[[ $fails -eq 0 ]]
