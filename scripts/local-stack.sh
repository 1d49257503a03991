# Sourced by stack.sh and dev.sh: counterd and nginx as local background processes.
# Expects: repo, run_dir, web_port, api_port, web_root.

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() {  # URL PIDFILE NAME LOG
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$1" && return 0
    alive "$2" || { echo "$3 failed to start; last lines of $4:"; tail -n 5 "$4"; return 1; }
    sleep 0.1
  done
  echo "$3 did not answer at $1"
  return 1
}

stop_pid() {  # PIDFILE NAME
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    echo "$2 stopped"
  fi
  rm -f "$1"
}

start_counterd() {
  mkdir -p "$run_dir"
  if alive "$run_dir/counterd.pid"; then
    echo "counterd already running (pid $(cat "$run_dir/counterd.pid"))"
    return 0
  fi
  "$repo/build/release/backend/counterd" --host 127.0.0.1 --port "$api_port" \
    --data-dir "$run_dir/data" >>"$run_dir/counterd.log" 2>&1 &
  echo $! >"$run_dir/counterd.pid"
  wait_http "http://127.0.0.1:$api_port/readyz" "$run_dir/counterd.pid" counterd "$run_dir/counterd.log"
}

start_nginx() {
  mkdir -p "$run_dir/nginx"
  if alive "$run_dir/nginx/nginx.pid"; then
    echo "nginx already running"
    return 0
  fi
  "$repo/scripts/render-nginx.sh" "$run_dir/nginx.conf" "127.0.0.1:$web_port" "$web_root" \
    "127.0.0.1:$api_port" "$run_dir/nginx"
  nginx -p "$run_dir/nginx" -c "$run_dir/nginx.conf" -e "$run_dir/nginx/error.log" \
    >>"$run_dir/nginx/error.log" 2>&1 &
  echo $! >"$run_dir/nginx/nginx.pid"
  if ! wait_http "http://127.0.0.1:$web_port/" "$run_dir/nginx/nginx.pid" nginx "$run_dir/nginx/error.log"; then
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$web_port/") == 403 ]]; then
      echo "nginx's workers cannot read $web_root: every folder above it must be world-readable"
    fi
    return 1
  fi
}

stop_local() {
  stop_pid "$run_dir/nginx/nginx.pid" nginx
  stop_pid "$run_dir/counterd.pid" counterd
}

print_urls() {
  echo "Camera Counter: http://localhost:$web_port  (API: http://localhost:$web_port/api/counter)"
  echo "manager's code: ${COUNTERD_ADMIN_TOKEN:-$(cat "$run_dir/data/admin-token")}"
  echo "logs: $run_dir/counterd.log, $run_dir/nginx/access.log (JSON lines), $run_dir/nginx/error.log"
}
