# Sourced by the system tests: their report lines, ports, waits, and the hot-reload checks.

# Each check prints one "PASS name" or "FAIL name" line; scripts/test.sh counts them.
fails=0
pass() { echo "PASS $1"; }
fail() {
  echo "FAIL $1"
  fails=$((fails + 1))
}

system_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The one free-port helper of the tests (tests/e2e/stack.mjs), from the shell.
free_port() {
  node --input-type=module -e "import { freePort } from '$system_dir/../e2e/stack.mjs'; console.log(await freePort());"
}

# free_ports N: a free port whose next N-1 are free too, for a stack that puts its services on
# the ports after one it is given. Free means no socket holds it, not even as the local end of
# another program's connection (free_port's neighbours often are: the kernel hands them out).
free_ports() {
  local port
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$(free_port)
    python3 -c "
import socket
for p in range($port + 1, $port + $1):
    socket.socket().bind(('127.0.0.1', p))" 2>/dev/null && { echo "$port"; return 0; }
  done
  return 1
}

# live_shared URL1 URL2: a stream of URL2's live channel receives the state of a sale made
# through URL1.
live_shared() {
  local events sold version
  events=$(mktemp)
  curl -sN --max-time 20 "$2/api/events" >"$events" &
  local reader=$!
  until_true 10 grep -q '^data: ' "$events" || { kill "$reader"; rm -f "$events"; return 1; }
  sold=$(curl -fs -X POST "$1/api/decrement") || { kill "$reader"; rm -f "$events"; return 1; }
  version=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' <<<"$sold")
  until_true 10 grep -q "\"version\":$version[,}]" "$events"
  local status=$?
  kill "$reader" 2>/dev/null
  rm -f "$events"
  return $status
}

# restored_stock COUNTERD FILE DIR: restores the SQLite backup FILE into DIR, serves it with
# COUNTERD on a free port, and prints the stock it serves.
restored_stock() {
  local counterd=$1 file=$2 dir=$3 port pid
  "$counterd" restore --from "$file" --data-dir "$dir" >/dev/null || return 1
  port=$(free_port)
  "$counterd" --port "$port" --data-dir "$dir" >/dev/null 2>&1 &
  pid=$!
  until_true 10 curl -fs "http://127.0.0.1:$port/readyz"
  curl -fs "http://127.0.0.1:$port/counter" | sed 's/.*"value":\([0-9]*\).*/\1/'
  kill "$pid"
  wait "$pid" 2>/dev/null
  return 0
}

until_true() {  # GUARD_SECONDS COMMAND... (a guard against hangs, not a measure of speed)
  local until=$(($(date +%s) + $1))
  shift
  while ! "$@" >/dev/null 2>&1; do
    [[ $(date +%s) -gt $until ]] && return 1
    sleep 0.2
  done
}

# check_hot_reload BASE_URL COPY LOG: in the repo copy COPY, changes a backend response and the
# page title, and checks that the app at BASE_URL serves both without a manual restart.
check_hot_reload() {
  local base=$1 copy=$2 log=$3 start
  healthz_is_hot() { curl -fs "$base/api/healthz" | grep -q '"hot"'; }
  start=$(date +%s.%N)
  sed -i 's|R"({"status":"ok"})"|R"({"status":"hot"})"|' "$copy/backend/src/api/routes.cpp"
  if until_true 300 healthz_is_hot; then
    pass "a saved backend change is served without a manual restart ($(echo "$(date +%s.%N) - $start" | bc | cut -c1-4) s)"
  else
    fail "a saved backend change is served"
    tail -n 20 "$log"
  fi
  if node "$copy/tests/system/page_reload.mjs" "$base" "$copy/web/index.html" >"$copy/ui.log" 2>&1; then
    pass "a saved UI change reaches an open page by itself ($(tail -n 1 "$copy/ui.log"))"
  else
    fail "a saved UI change reaches an open page"
    cat "$copy/ui.log"
    tail -n 20 "$log"
  fi
}

# check_failed_rebuild BASE_URL COPY LOG: saves a backend change that does not compile; make dev
# must say the build failed (not that it succeeded) and keep serving the running version, then
# build again once the file is mended.
check_failed_rebuild() {
  local base=$1 copy=$2 log=$3 file=$2/backend/src/api/routes.cpp before
  says() { grep -q "$1" "$log"; }
  before=$(grep -c 'counterd rebuilt and restarted' "$log")
  echo 'this is not C++;' >>"$file"
  if until_true 300 says "counterd build failed; the previous one keeps running" &&
     curl -fs "$base/api/counter" >/dev/null; then
    pass "a backend change that does not compile is reported as failed; the app keeps serving"
  else
    fail "a backend change that does not compile is reported as failed"
    tail -n 20 "$log"
  fi
  sed -i '$ d' "$file"
  rebuilt() { [[ $(grep -c 'counterd rebuilt and restarted' "$log") -gt $before ]]; }
  if until_true 300 rebuilt; then
    pass "once mended, the backend builds and restarts again"
  else
    fail "once mended, the backend builds and restarts again"
  fi
}

# copy_repo REPO DEST: the files git tracks or would track, without build output.
copy_repo() {
  git -C "$1" ls-files -z --cached --others --exclude-standard |
    (cd "$1" && tar --null -T - -cf -) | tar -C "$2" -xf -
  ln -s "$1/tests/e2e/node_modules" "$2/tests/e2e/node_modules"
  chmod 755 "$2"  # nginx's workers (user nobody) read the bundle from here
}
