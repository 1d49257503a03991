# Sourced by stack.sh and dev.sh: counterd and nginx as local background processes.
# Expects: repo, run_dir, web_port, api_port, web_root; reads STORE, REPLICAS and PUBLISH_PORT.

# The replicas need a shared manager's code and a database password. Unless the environment
# or .env sets them, they are made once and kept in run/replicas.env (not in the repo).
ensure_secret() {  # NAME
  local file=$run_dir/replicas.env value
  value=${!1:-$(sed -n "s/^$1=//p" .env 2>/dev/null)}
  [[ -z $value ]] && value=$(sed -n "s/^$1=//p" "$file" 2>/dev/null)
  if [[ -z $value ]]; then
    value=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkdir -p "$run_dir" && (umask 077 && echo "$1=$value" >>"$file")
  fi
  export "$1=$value"
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Whether any local process of this run folder is alive.
running_locally() {
  local pidfile
  for pidfile in "$run_dir"/counterd*.pid "$run_dir/nginx/nginx.pid"; do alive "$pidfile" && return 0; done
  return 1
}

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

# STORE=sqlite (default): one counterd on run/data. STORE=postgres: a local PostgreSQL in
# run/postgres and REPLICAS counterd (default 3) on ports API_PORT, API_PORT+1, ...
store=${STORE:-sqlite}
replicas=${REPLICAS:-$([[ $store == postgres ]] && echo 3 || echo 1)}
# nginx's live channel takes each new state from counterd here (loopback only): by default the
# port after the replicas' range, so that no choice of WEB_PORT and API_PORT alone collides.
publish_port=${PUBLISH_PORT:-$((api_port + replicas))}

# Every port this stack listens on, distinct and free, or the reason why not.
check_ports() {
  local -A owner=() port name
  local ports=("web:$web_port" "publish:$publish_port") i
  for ((i = 0; i < replicas; i++)); do ports+=("$(replica_name $i):$((api_port + i))"); done
  for entry in "${ports[@]}"; do
    name=${entry%%:*} port=${entry##*:}
    if [[ -n ${owner[$port]:-} ]]; then
      echo "port $port is set for both ${owner[$port]} and $name: choose WEB_PORT, API_PORT and PUBLISH_PORT apart"
      return 1
    fi
    owner[$port]=$name
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port ($name) is already in use on this machine: set another, or stop what holds it"
      return 1
    fi
  done
}

replica_name() { ((${1} == 0)) && echo counterd || echo "counterd-$((${1} + 1))"; }

start_postgres() {
  [[ $store == postgres ]] || return 0
  local conninfo
  conninfo=$("$repo/scripts/postgres.sh" start "$run_dir/postgres") || return 1
  if [[ $(psql "$conninfo dbname=postgres" -tAc "SELECT count(*) FROM pg_database WHERE datname = 'counter'") == 0 ]]; then
    psql "$conninfo dbname=postgres" -qc "CREATE DATABASE counter"
  fi
  # Replicas share one manager's code (a single SQLite counterd makes its own).
  ensure_secret ADMIN_TOKEN
  export COUNTERD_ADMIN_TOKEN=${COUNTERD_ADMIN_TOKEN:-$ADMIN_TOKEN}
  database_url="$conninfo dbname=counter"
}

start_counterd() {
  mkdir -p "$run_dir"
  start_postgres || return 1
  local i name store_args=(--data-dir "$run_dir/data")
  [[ $store == postgres ]] &&
    store_args=(--store postgres --database-url "$database_url")
  for ((i = 0; i < replicas; i++)); do
    name=$(replica_name $i)
    if alive "$run_dir/$name.pid"; then
      echo "$name already running (pid $(cat "$run_dir/$name.pid"))"
      continue
    fi
    "$repo/build/app/backend/counterd" --host 127.0.0.1 --port $((api_port + i)) \
      "${store_args[@]}" --publish-url "http://127.0.0.1:$publish_port/counter" \
      >>"$run_dir/$name.log" 2>&1 &
    echo $! >"$run_dir/$name.pid"
    wait_http "http://127.0.0.1:$((api_port + i))/readyz" "$run_dir/$name.pid" "$name" "$run_dir/$name.log" || return 1
  done
}

# nginx's working folder: run/nginx, or a stand-in its workers can reach when root starts it
# from a private checkout (they run as nobody). Logs stay in run/nginx: the master writes them.
nginx_home() {
  if [[ $(id -u) -eq 0 ]]; then "$repo/scripts/reachable.sh" nobody "$run_dir/nginx"
  else mkdir -p "$run_dir/nginx" && echo "$run_dir/nginx"; fi
}

# The bundle as nginx serves it: in place, or a copy in nginx's folder when its workers cannot
# read the build's (swapped in whole, so no page gets a mix of two builds).
stage_bundle() {
  if [[ $(id -u) -ne 0 ]] || runuser -u nobody -- test -r "$web_root/index.html"; then
    served_root=$web_root
    return 0
  fi
  served_root=$nginx_dir/www
  rm -rf "$served_root.new" && cp -r "$web_root" "$served_root.new" && chmod -R a+rX "$served_root.new" &&
    rm -rf "$served_root" && mv "$served_root.new" "$served_root"
}

start_nginx() {
  mkdir -p "$run_dir/nginx"
  if alive "$run_dir/nginx/nginx.pid"; then
    echo "nginx already running"
    return 0
  fi
  nginx_dir=$(nginx_home) && stage_bundle || return 1
  local i backends=()
  for ((i = 0; i < replicas; i++)); do backends+=("127.0.0.1:$((api_port + i))"); done
  PUBLISH_LISTEN=127.0.0.1:$publish_port \
    "$repo/scripts/render-nginx.sh" "$run_dir/nginx.conf" "127.0.0.1:$web_port" "$served_root" \
    "$(IFS=,; echo "${backends[*]}")" "$nginx_dir" "$run_dir/nginx/access.log" "$run_dir/nginx/error.log"
  nginx -p "$nginx_dir" -c "$run_dir/nginx.conf" -e "$run_dir/nginx/error.log" \
    >>"$run_dir/nginx/error.log" 2>&1 &
  echo $! >"$run_dir/nginx/nginx.pid"
  if ! wait_http "http://127.0.0.1:$web_port/" "$run_dir/nginx/nginx.pid" nginx "$run_dir/nginx/error.log"; then
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$web_port/") == 403 ]]; then
      echo "nginx's workers cannot read $served_root"
    fi
    return 1
  fi
}

stop_local() {
  stop_pid "$run_dir/nginx/nginx.pid" nginx
  local pidfile
  for pidfile in "$run_dir"/counterd*.pid; do
    [[ -e $pidfile ]] && stop_pid "$pidfile" "$(basename "$pidfile" .pid)"
  done
  if [[ -f $run_dir/postgres/conninfo ]]; then
    "$repo/scripts/postgres.sh" stop "$run_dir/postgres" && echo "postgres stopped"
  fi
}

print_urls() {
  echo "Camera Counter: http://localhost:$web_port  (API: http://localhost:$web_port/api/counter)"
  echo "manager's code: ${COUNTERD_ADMIN_TOKEN:-$(cat "$run_dir/data/admin-token")}"
  [[ $store == postgres ]] &&
    echo "store: PostgreSQL in $run_dir/postgres, $replicas counterd replicas from port $api_port"
  echo "logs: $run_dir/counterd.log, $run_dir/nginx/access.log (JSON lines), $run_dir/nginx/error.log"
}
