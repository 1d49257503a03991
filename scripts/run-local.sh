#!/usr/bin/env bash
# Starts or stops counterd as a local background process, its data and log under run/.
# Usage: scripts/run-local.sh start PORT | stop | status
set -euo pipefail
cd "$(dirname "$0")/.."
run_dir=run
pid_file=$run_dir/counterd.pid

running() { [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

case ${1:-} in
  start)
    port=${2:-9080}
    if running; then
      echo "counterd is already running (pid $(cat "$pid_file")); 'make stop' first"
      exit 0
    fi
    mkdir -p "$run_dir"
    build/release/backend/counterd --port "$port" --data-dir "$run_dir/data" \
      >>"$run_dir/counterd.log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 100); do
      curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
      running || { echo "counterd failed to start:"; tail -n 5 "$run_dir/counterd.log"; exit 1; }
      sleep 0.1
    done
    echo "Camera Counter API: http://127.0.0.1:$port/counter"
    echo "logs: $run_dir/counterd.log   data: $run_dir/data   stop: make stop"
    ;;
  stop)
    if running; then
      pid=$(cat "$pid_file")
      kill -TERM "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      echo "counterd stopped"
    else
      echo "counterd is not running"
    fi
    rm -f "$pid_file"
    ;;
  status)
    if running; then echo "counterd: running (pid $(cat "$pid_file"))"; else echo "counterd: stopped"; fi
    ;;
  *)
    echo "usage: $0 start PORT | stop | status" >&2
    exit 2
    ;;
esac
