#!/usr/bin/env bash
# Where a GET /counter spends its instructions: counterd under callgrind (instruction counts
# are steady on a noisy machine), driven by wrk for 5 s, then the inclusive costs of Pistache's
# parser, router and writer beside ours. Usage: bench/profile-get.sh (after make build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'pkill -TERM -f "callgrind-out-file=$work" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$repo/build/release/backend/counterd" \
  --port "$port" --store memory --threads 1 >"$work/log" 2>&1 &
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.2; done
wrk -t1 -c4 -d5s -H 'Connection: keep-alive' "http://127.0.0.1:$port/counter" | grep 'requests in'
pkill -TERM -f "callgrind-out-file=$work"
while pgrep -f "callgrind-out-file=$work" >/dev/null; do sleep 0.2; done
callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null |
  grep -E 'PROGRAM TOTALS|ParserBase::parse\(\)|Router::route|ResponseWriter::sendImpl|api::.*get_counter|counter::to_json.*CounterState|CounterService::current' |
  cut -c1-150
