#!/usr/bin/env bash
# `make dev` on a temporary copy of the repo: change a backend response and a UI string, and
# see both new behaviours (the API's answer, and an open page that reloads by itself) without
# restarting anything by hand. Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d /tmp/counter-hot-XXXX)
chmod 755 "$copy"  # nginx's workers (user nobody) read the bundle from here
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
web_port=$(free_port) api_port=$(free_port)

git -C "$repo" ls-files -z | (cd "$repo" && tar --null -T - -cf -) | tar -C "$copy" -xf -
ln -s "$repo/tests/e2e/node_modules" "$copy/tests/e2e/node_modules"
cd "$copy"
WEB_PORT=$web_port API_PORT=$api_port RUN_DIR=$copy/run scripts/dev.sh >"$copy/dev.log" 2>&1 &
dev_pid=$!
cleanup() {
  kill -TERM "$dev_pid" 2>/dev/null
  wait "$dev_pid" 2>/dev/null
  rm -rf "$copy"
}
trap cleanup EXIT

until_true() {  # GUARD_SECONDS COMMAND... (a guard against hangs, not a measure of speed)
  local until=$(($(date +%s) + $1)); shift
  while ! "$@" >/dev/null 2>&1; do
    [[ $(date +%s) -gt $until ]] && return 1
    kill -0 "$dev_pid" 2>/dev/null || return 1  # make dev died
    sleep 0.2
  done
}
until_true 600 curl -fs "http://127.0.0.1:$web_port/api/counter" ||
  { fail "make dev starts"; cat "$copy/dev.log"; exit 1; }
pass "make dev starts the app on a copy of the repo"

# Backend: /healthz answers something new.
healthz_is_hot() { curl -fs "http://127.0.0.1:$web_port/api/healthz" | grep -q '"hot"'; }
start=$(date +%s.%N)
sed -i 's|R"({"status":"ok"})"|R"({"status":"hot"})"|' backend/src/api/routes.cpp
if until_true 300 healthz_is_hot; then
  pass "a saved backend change is served without a manual restart ($(echo "$(date +%s.%N) - $start" | bc | cut -c1-4) s)"
else
  fail "a saved backend change is served"; tail -n 20 "$copy/dev.log"
fi

# UI: an open page picks up a new title by itself.
BASE_URL=http://127.0.0.1:$web_port node --input-type=module -e '
  import { launch } from "./tests/e2e/browser.mjs";
  import { execSync } from "node:child_process";
  const b = await launch();
  const page = await b.context.newPage();
  await page.goto(process.env.BASE_URL + "/");
  const started = Date.now();
  execSync(`sed -i "s|<title>Cameras in stock|<title>Hot cameras|" web/index.html`);
  await page.waitForFunction(() => document.title.startsWith("Hot cameras"), null, { timeout: 300000 });
  console.log(`reloaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await b.close();
' >"$copy/ui.log" 2>&1 && pass "a saved UI change reaches an open page by itself ($(tail -n 1 "$copy/ui.log"))" ||
  { fail "a saved UI change reaches an open page"; cat "$copy/ui.log"; tail -n 20 "$copy/dev.log"; }

kill -TERM "$dev_pid"; wait "$dev_pid"
if pgrep -f "$copy/" >/dev/null; then fail "stopping make dev (SIGTERM) stops its processes"; else pass "stopping make dev (SIGTERM) stops its processes"; fi
echo "hot reload system test: $fails failed"
[[ $fails -eq 0 ]]
