# Sourced by stack.sh and dev.sh: counterd and nginx as local background processes.
# Expects: repo, run_dir, web_port, api_port, web_root; reads STORE, REPLICAS, PUBLISH_PORT, and
# with STORE=postgres WEB_PORT_2 and REDIS_PORT.

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
  for pidfile in $(pid_files); do alive "$pidfile" && return 0; done
  return 1
}

# Every process's pid file this stack may have written.
pid_files() {
  ls "$run_dir"/counterd*.pid "$run_dir"/nginx*/nginx.pid "$run_dir/redis.pid" 2>/dev/null
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
# With replicas, the cloud's shape: a second web server sharing the live channel with the first
# through a local Redis (the ports after the publisher's, unless set).
webs=$([[ $store == postgres ]] && echo 2 || echo 1)
web_port_2=${WEB_PORT_2:-$((publish_port + 2))}
publish_port_2=$((publish_port + 1))
redis_port=${REDIS_PORT:-$((publish_port + 3))}

# Every port this stack listens on, distinct and free, or the reason why not.
check_ports() {
  local -A owner=() port name
  local ports=("web:$web_port" "publish:$publish_port") i
  ((webs == 2)) && ports+=("nginx-2:$web_port_2" "publish-2:$publish_port_2" "redis:$redis_port")
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

# nginx's working folder (NAME: nginx, nginx-2): run/NAME, or a stand-in its workers can reach
# when root starts it from a private checkout (they run as nobody). Logs stay in run/NAME: the
# master writes them.
nginx_home() {  # NAME
  if [[ $(id -u) -eq 0 ]]; then "$repo/scripts/reachable.sh" nobody "$run_dir/$1"
  else mkdir -p "$run_dir/$1" && echo "$run_dir/$1"; fi
}

# The bundle as nginx serves it: in place, or a copy in the first nginx's folder when the
# workers cannot read the build's (swapped in whole, so no page gets a mix of two builds).
stage_bundle() {
  if [[ $(id -u) -ne 0 ]] || runuser -u nobody -- test -r "$web_root/index.html"; then
    served_root=$web_root
    return 0
  fi
  served_root=$(nginx_home nginx)/www
  rm -rf "$served_root.new" && cp -r "$web_root" "$served_root.new" && chmod -R a+rX "$served_root.new" &&
    rm -rf "$served_root" && mv "$served_root.new" "$served_root"
}

# The Redis the web servers share the live channel through (STORE=postgres).
start_redis() {
  ((webs == 2)) || return 0
  alive "$run_dir/redis.pid" && return 0
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$run_dir" >>"$run_dir/redis.log" 2>&1 &
  echo $! >"$run_dir/redis.pid"
  for _ in $(seq 100); do
    [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]] && return 0
    alive "$run_dir/redis.pid" || break
    sleep 0.1
  done
  echo "redis did not start; last lines of $run_dir/redis.log:"; tail -n 5 "$run_dir/redis.log"
  return 1
}

start_nginx() {
  start_redis || return 1
  stage_bundle || return 1
  local i
  for ((i = 0; i < webs; i++)); do start_web "$i" || return 1; done
}

start_web() {  # INDEX: 0 (nginx, WEB_PORT) or 1 (nginx-2, WEB_PORT_2)
  local name=nginx port=$web_port publish=$publish_port redis_url="" home i backends=()
  ((${1} == 1)) && name=nginx-2 port=$web_port_2 publish=$publish_port_2
  ((webs == 2)) && redis_url=redis://127.0.0.1:$redis_port
  mkdir -p "$run_dir/$name"
  if alive "$run_dir/$name/nginx.pid"; then
    echo "$name already running"
    return 0
  fi
  home=$(nginx_home "$name") || return 1
  for ((i = 0; i < replicas; i++)); do backends+=("127.0.0.1:$((api_port + i))"); done
  PUBLISH_LISTEN=127.0.0.1:$publish REDIS_URL=$redis_url \
    "$repo/scripts/render-nginx.sh" "$run_dir/$name.conf" "127.0.0.1:$port" "$served_root" \
    "$(IFS=,; echo "${backends[*]}")" "$home" "$run_dir/$name/access.log" "$run_dir/$name/error.log"
  nginx -p "$home" -c "$run_dir/$name.conf" -e "$run_dir/$name/error.log" \
    >>"$run_dir/$name/error.log" 2>&1 &
  echo $! >"$run_dir/$name/nginx.pid"
  if ! wait_http "http://127.0.0.1:$port/" "$run_dir/$name/nginx.pid" "$name" "$run_dir/$name/error.log"; then
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") == 403 ]]; then
      echo "nginx's workers cannot read $served_root"
    fi
    return 1
  fi
}

stop_local() {
  local pidfile
  for pidfile in "$run_dir"/nginx*/nginx.pid; do
    [[ -e $pidfile ]] && stop_pid "$pidfile" "$(basename "$(dirname "$pidfile")")"
  done
  stop_pid "$run_dir/redis.pid" redis
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
  if [[ $store == postgres ]]; then
    echo "store: PostgreSQL in $run_dir/postgres, $replicas counterd replicas from port $api_port"
    echo "second web server: http://localhost:$web_port_2 (the live channel shared through Redis on port $redis_port)"
  fi
  echo "logs: $run_dir/counterd.log, $run_dir/nginx/access.log (JSON lines), $run_dir/nginx/error.log"
}
