#!/usr/bin/env bash
# Runs the whole product for `make run`: under Docker Compose when an engine answers, otherwise
# as local processes (counterd + nginx with the repo's config). `make stop` stops either.
# Usage: scripts/stack.sh up|down|status|logs
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
run_dir=$repo/run
web_port=${WEB_PORT:-8080}
api_port=${API_PORT:-9080}

compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}
engine_up() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() {  # URL PIDFILE NAME LOG
  for _ in $(seq 150); do
    curl -fs -o /dev/null "$1" && return 0
    alive "$2" || { echo "$3 failed to start; last lines of $4:"; tail -n 5 "$4"; return 1; }
    sleep 0.1
  done
  echo "$3 did not answer at $1"; return 1
}

local_up() {
  mkdir -p "$run_dir/nginx"
  if alive "$run_dir/counterd.pid"; then
    echo "counterd already running (pid $(cat "$run_dir/counterd.pid"))"
  else
    build/release/backend/counterd --host 127.0.0.1 --port "$api_port" --data-dir "$run_dir/data" \
      >>"$run_dir/counterd.log" 2>&1 &
    echo $! >"$run_dir/counterd.pid"
    wait_http "http://127.0.0.1:$api_port/readyz" "$run_dir/counterd.pid" counterd "$run_dir/counterd.log"
  fi
  if alive "$run_dir/nginx/nginx.pid"; then
    echo "nginx already running"
  else
    scripts/render-nginx.sh "$run_dir/nginx.conf" "127.0.0.1:$web_port" "$repo/build/wasm/dist" \
      "127.0.0.1:$api_port" "$run_dir/nginx"
    nginx -p "$run_dir/nginx" -c "$run_dir/nginx.conf" -e "$run_dir/nginx/error.log" \
      >>"$run_dir/nginx/error.log" 2>&1 &
    wait_http "http://127.0.0.1:$web_port/" "$run_dir/nginx/nginx.pid" nginx "$run_dir/nginx/error.log"
  fi
  echo "Camera Counter: http://localhost:$web_port  (API: http://localhost:$web_port/api/counter)"
  echo "logs: $run_dir/counterd.log, $run_dir/nginx/access.log (JSON lines), $run_dir/nginx/error.log"
  echo "data: $run_dir/data    stop: make stop"
}

stop_pid() {  # PIDFILE NAME
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    echo "$2 stopped"
  fi
  rm -f "$1"
}

case ${1:-} in
  up)
    if engine_up; then
      compose up -d --build --wait 2>/dev/null || compose up -d --build
      echo "Camera Counter: http://localhost:${HTTP_PORT:-$(sed -n 's/^HTTP_PORT=//p' .env 2>/dev/null || echo 80)}"
      echo "logs: make logs    stop: make stop"
    else
      local_up
    fi
    ;;
  down)
    stop_pid "$run_dir/nginx/nginx.pid" nginx
    stop_pid "$run_dir/counterd.pid" counterd
    if engine_up && [[ -n $(compose ps -q 2>/dev/null) ]]; then compose down; fi
    ;;
  status)
    alive "$run_dir/counterd.pid" && echo "counterd: running (pid $(cat "$run_dir/counterd.pid"))" || echo "counterd: stopped"
    alive "$run_dir/nginx/nginx.pid" && echo "nginx: running (pid $(cat "$run_dir/nginx/nginx.pid"))" || echo "nginx: stopped"
    if engine_up; then compose ps; fi
    ;;
  logs)
    if engine_up && [[ -n $(compose ps -q 2>/dev/null) ]]; then
      compose logs -f --tail 50
    else
      tail -n 20 -F "$run_dir/counterd.log" "$run_dir/nginx/access.log" "$run_dir/nginx/error.log"
    fi
    ;;
  *)
    echo "usage: $0 up|down|status|logs" >&2
    exit 2
    ;;
esac
