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
# make backup while it serves: a file that restores (SQLite: counterd restore and a counterd
# on it; PostgreSQL: scripts/postgres-backup.sh into a new database) to the stock it had.
check_backup() {
  local what=$1 base=$2 out file stock restored
  shift 2
  stock=$(curl -fs -X POST "$base/api/decrement" | sed 's/.*"value":\([0-9]*\).*/\1/')
  out=$(BACKUP_DIR=$run_dir/backups make backup "$@" 2>&1)
  file=$(sed -n 's/^backup: //p' <<<"$out")
  if [[ ! -s $file ]]; then
    fail "$what: make backup writes a backup"; echo "$out"; return
  fi
  if [[ $file == *.db ]]; then
    restored=$(restored_stock build/app/backend/counterd "$file" "$(mktemp -d "$run_dir/restored-XXXX")")
  else
    local conninfo; conninfo=$(cat "$run_dir/postgres/conninfo")
    # (A run folder kept from an earlier run may hold the last one's.)
    psql "$conninfo dbname=postgres" -qc "DROP DATABASE IF EXISTS restored" &&
      psql "$conninfo dbname=postgres" -qc "CREATE DATABASE restored" &&
      scripts/postgres-backup.sh restore "$file" "$conninfo dbname=restored" >/dev/null &&
      restored=$(psql "$conninfo dbname=restored" -tAc "SELECT value FROM counter_changes ORDER BY version DESC LIMIT 1")
  fi
  if [[ -n $stock && ${restored:-} == "$stock" ]]; then
    pass "$what: make backup while it serves; the backup restores to its stock ($stock)"
  else
    fail "$what: make backup; the backup restores to its stock ($stock, restored: ${restored:-nothing})"; echo "$out"
  fi
}

# One run: make run with `$@` (after `in_private_folder.sh` when its first word), smoke tests
# against what it printed, make stop. A new run folder each time: a new store.
scenario() {
  local what="make run${*:+ $*}" out url code launcher=()
  [[ ${1:-} == private ]] && { launcher=(tests/system/in_private_folder.sh); shift; what="make run from a 0700 folder"; }
  rm -rf "$run_dir/data"
  out=$("${launcher[@]}" make run "$@" 2>&1)
  url=$(grep -o 'http://localhost:[0-9]*' <<<"$out" | head -n 1)
  if [[ -n $url ]]; then pass "$what prints the URL ($url)"; else fail "$what prints the URL"; echo "$out"; return; fi
  code=$(sed -n "s/^manager's code: //p" <<<"$out")
  if [[ -n $code ]]; then pass "$what prints the manager's code"; else fail "$what prints the manager's code"; fi
  if grep -qx "status: make status RUN_DIR=$run_dir    stop: make stop RUN_DIR=$run_dir" <<<"$out"; then
    pass "$what prints the exact make status and make stop commands"
  else
    fail "$what prints the exact make status and make stop commands"; echo "$out"
  fi
  second=$(sed -n 's|^second web server: \(http://localhost:[0-9]*\).*|\1|p' <<<"$out")
  if [[ $* == *STORE=postgres* ]]; then
    if [[ -n $second ]] && live_shared "${url/localhost/127.0.0.1}" "${second/localhost/127.0.0.1}"; then
      pass "$what: a sale through one web server reaches a screen of the other (Redis)"
    else
      fail "$what: a sale through one web server reaches a screen of the other (Redis)"; echo "$out"
    fi
  fi
  if [[ $# -eq 0 ]]; then  # the README's session needs a new SQLite store
    if tests/system/readme_session.sh "$WEB_PORT" "$run_dir" >"$run_dir/readme.log" 2>&1; then
      pass "the README's curl session prints what the README shows ($(tail -n 1 "$run_dir/readme.log"))"
    else
      fail "the README's curl session prints what the README shows"; cat "$run_dir/readme.log"
    fi
  fi
  check_backup "$what" "${url/localhost/127.0.0.1}" "$@"
  if BASE_URL=${url/localhost/127.0.0.1} MANAGER_CODE=$code node --test tests/system/smoke.test.mjs >"$run_dir/smoke.log" 2>&1; then
    pass "$what: browser and API smoke tests pass against the printed URL"
  else
    fail "$what: browser and API smoke tests against the printed URL"; cat "$run_dir/smoke.log"
  fi
  make stop >/dev/null
  # Its processes name the run folder, or the stand-in folders of a private checkout.
  local mine="$run_dir|/var/tmp/camera-counter-$(id -u)/"
  if pgrep -f "$mine" >/dev/null; then
    fail "$what: make stop leaves no process behind"; pgrep -af "$mine"
  else
    pass "$what: make stop leaves no process behind"
  fi
  out=$(make status 2>&1)
  if grep -q "is not running" <<<"$out"; then pass "$what: make status then says nothing runs"
  else fail "$what: make status then says nothing runs"; echo "$out"; fi
}

# make run that cannot start: exits non-zero with the reason, and leaves nothing running.
refused() {  # WHAT REASON VAR=VALUE...
  local what=$1 reason=$2 out status
  shift 2
  out=$(env "$@" make run 2>&1)
  status=$?
  if [[ $status -ne 0 ]] && grep -q "$reason" <<<"$out" && ! pgrep -f "$run_dir" >/dev/null; then
    pass "make run with $what exits non-zero, says why, and leaves nothing running"
  else
    fail "make run with $what exits non-zero, says why, and leaves nothing running (exit $status)"
    echo "$out" | tail -n 5; pgrep -af "$run_dir"; make stop >/dev/null 2>&1
  fi
}

scenario
# The defaults cannot collide: the API on the port after the web's (the publisher used to take it).
# (Both must be free: the one after a free port may be another program's; a run here once
# failed on that.)
web=$(free_ports 2)
WEB_PORT=$web API_PORT=$((web + 1)) PUBLISH_PORT= scenario WEB_PORT=$web API_PORT=$((web + 1))
# The replicas below serve on API_PORT and the port after it; the second web server, its
# publisher and Redis on the three after PUBLISH_PORT: all free (fresh Debian runs failed twice
# on one of them held by another program's connection).
export WEB_PORT=$(free_port) API_PORT=$(free_ports 2) PUBLISH_PORT=$(free_ports 4)
refused "two services on one port" "port $API_PORT is set for both" PUBLISH_PORT="$API_PORT"
holder_port=$(free_port)
node -e "require('net').createServer().listen($holder_port, '127.0.0.1')" &
holder=$!
until_true 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$holder_port"
refused "a port already in use" "port $holder_port (web) is already in use" WEB_PORT="$holder_port"
kill "$holder"
# As root from a checkout only root can enter: nginx's workers and PostgreSQL run as other users.
if tests/system/in_private_folder.sh --check; then
  private_run=$repo/build/run-private
  run_dir=$private_run RUN_DIR=$private_run scenario private STORE=postgres REPLICAS=2
  rm -rf "$private_run"
else
  echo "SKIP make run from a 0700 folder: needs root, a private mount namespace (not in a chroot) and a checkout not directly in / or /tmp"
fi
# Replicas on a local PostgreSQL behind the same nginx.
scenario STORE=postgres REPLICAS=2
echo "make run system test: $fails failed"
[[ $fails -eq 0 ]]
