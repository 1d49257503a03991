#!/usr/bin/env bash
# `make dev`: the app as local processes, rebuilt on save.
#   backend/ or shared/ saved  -> counterd rebuilt and restarted (same data, same port)
#   frontend-wasm/, shared/ or web/ saved -> UI bundle rebuilt; open pages reload themselves
# A failed build is reported and the running version stays up. Ctrl+C stops everything.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
run_dir=${RUN_DIR:-$repo/run/dev}
web_port=${WEB_PORT:-8080}
api_port=${API_PORT:-9080}
web_root=$repo/build/wasm-dev/dist
source scripts/local-stack.sh

# Each build's status is the build's own; its errors and warnings are shown, the rest kept in
# $run_dir/build.log.
build_backend() {
  cmake --preset app >"$run_dir/build.log" 2>&1 &&
    cmake --build build/app --target counterd -j"$(nproc)" >>"$run_dir/build.log" 2>&1
  local status=$?
  grep -E 'error|warning' "$run_dir/build.log"
  return $status
}
build_ui() {
  cmake --build --preset wasm-dev -j"$(nproc)" >"$run_dir/build.log" 2>&1
  local status=$?
  grep -E 'error|warning: |total' "$run_dir/build.log"
  return $status
}

watcher=""
on_exit() {
  [[ -n $watcher ]] && kill "$watcher" 2>/dev/null
  stop_local
}
trap on_exit EXIT
trap 'exit 0' INT TERM
mkdir -p "$run_dir"

# One watcher for the whole session, set up before anything is served: a file saved at any
# moment — during the first build, right after start-up, while a rebuild runs — is seen.
: >"$run_dir/changes"
inotifywait -m -r -e close_write,create,delete,move --format '%w%f' \
  backend shared frontend-wasm web >"$run_dir/changes" 2>"$run_dir/watch.log" &
watcher=$!
until grep -q "Watches established" "$run_dir/watch.log"; do
  kill -0 "$watcher" 2>/dev/null || { echo "dev: cannot watch the sources"; exit 1; }
  sleep 0.1
done
seen=0  # lines of $run_dir/changes handled so far

cmake --preset wasm-dev >/dev/null
build_backend && build_ui || { echo "dev: the first build failed"; exit 1; }
start_counterd && start_nginx || exit 1
print_urls
echo "dev: watching backend/ shared/ frontend-wasm/ web/ (Ctrl+C to stop)"

while true; do
  # Wait for a change (in short sleeps, so that a signal is handled at once), then let the
  # rest of an editor's save land before building.
  while [[ $(wc -l <"$run_dir/changes") -le $seen ]]; do sleep 0.2; done
  sleep 0.3
  total=$(wc -l <"$run_dir/changes")
  changed=$(sed -n "$((seen + 1)),${total}p" "$run_dir/changes")
  seen=$total
  started=$(date +%s.%N)
  if grep -qE '^(backend|shared)/' <<<"$changed"; then
    if build_backend; then
      stop_pid "$run_dir/counterd.pid" counterd >/dev/null
      start_counterd && echo "dev: counterd rebuilt and restarted in $(echo "$(date +%s.%N) - $started" | bc | cut -c1-4) s"
    else
      echo "dev: counterd build failed; the previous one keeps running"
    fi
  fi
  if grep -qE '^(frontend-wasm|shared|web)/' <<<"$changed"; then
    if build_ui && stage_bundle; then
      echo "dev: UI rebuilt in $(echo "$(date +%s.%N) - $started" | bc | cut -c1-4) s; open pages reload"
    else
      echo "dev: UI build failed; pages keep the previous one"
    fi
  fi
done
