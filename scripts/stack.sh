#!/usr/bin/env bash
# Runs the whole product for `make run`: under Docker Compose when an engine answers, otherwise
# as local processes (counterd + nginx with the repo's config). `make stop` stops either.
# Usage: scripts/stack.sh up|down|status|logs
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
run_dir=${RUN_DIR:-$repo/run}
web_port=${WEB_PORT:-8080}
api_port=${API_PORT:-9080}
web_root=$repo/build/wasm/dist
source scripts/local-stack.sh

# Image builds fetch from npm: pass them the CAs this machine trusts locally (a TLS-intercepting
# proxy's, say), as docker-compose.yml's EXTRA_CA_CERTS.
export EXTRA_CA_CERTS=${EXTRA_CA_CERTS-$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)}

# STORE=postgres: the replicas' Compose file on top of the default ones.
compose_files=()
[[ ${STORE:-} == postgres ]] &&
  compose_files=(-f docker-compose.yml -f docker-compose.override.yml -f docker-compose.replicas.yml
    -f docker-compose.replicas-ports.yml)
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "${compose_files[@]}" "$@"
  else docker-compose "${compose_files[@]}" "$@"; fi
}

engine_up() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

# The variables `make stop` and `make status` need to find what this `make run` started.
make_vars() {
  [[ -n ${RUN_DIR:-} ]] && printf ' RUN_DIR=%q' "$RUN_DIR"
  [[ ${STORE:-} == postgres ]] && engine_up && printf ' STORE=postgres'
  return 0
}

case ${1:-} in
  up)
    if engine_up; then
      if [[ ${STORE:-} == postgres ]]; then ensure_secret ADMIN_TOKEN && ensure_secret DB_PASSWORD; fi
      compose up -d --build --wait 2>/dev/null || compose up -d --build
      echo "Camera Counter: http://localhost:${HTTP_PORT:-$(sed -n 's/^HTTP_PORT=//p' .env 2>/dev/null || echo 80)}"
      echo "manager's code: $(compose exec -T backend sh -c 'echo ${COUNTERD_ADMIN_TOKEN:-$(cat /data/admin-token)}')"
      echo "logs: make logs    status: make status$(make_vars)    stop: make stop$(make_vars)"
    else
      if running_locally; then
        echo "Camera Counter already runs from $run_dir"
      else
        reason=$(check_ports) || { echo "make run: $reason" >&2; exit 1; }
      fi
      if ! { start_counterd && start_nginx; }; then
        echo "make run: failed (above); stopping what it started" >&2
        stop_local >/dev/null
        exit 1
      fi
      print_urls
      [[ $store == sqlite ]] && echo "data: $run_dir/data"
      echo "status: make status$(make_vars)    stop: make stop$(make_vars)"
    fi
    ;;
  down)
    stop_local
    # Whichever set of services runs (one box or replicas), down takes all of the project.
    if engine_up && [[ -n $(compose ps -q 2>/dev/null) ]]; then compose down --remove-orphans; fi
    ;;
  status)
    if running_locally; then
      for pidfile in $(pid_files); do
        name=$(basename "$pidfile" .pid)
        [[ $name == nginx ]] && name=$(basename "$(dirname "$pidfile")")
        alive "$pidfile" && echo "$name: running (pid $(cat "$pidfile"))" || echo "$name: stopped"
      done
    else
      echo "Camera Counter is not running from $run_dir (make run starts it)"
    fi
    if engine_up && [[ -n $(compose ps -q 2>/dev/null) ]]; then compose ps; fi
    ;;
  logs)
    if engine_up && [[ -n $(compose ps -q 2>/dev/null) ]]; then
      compose logs -f --tail 50
    else
      tail -n 20 -F "$run_dir"/counterd*.log "$run_dir/nginx/access.log" "$run_dir/nginx/error.log"
    fi
    ;;
  *)
    echo "usage: $0 up|down|status|logs" >&2
    exit 2
    ;;
esac
