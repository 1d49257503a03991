#!/usr/bin/env bash
# The real Compose stack: a private Docker engine (loopback only), the debian:bookworm base
# image built with debootstrap, `docker-compose up --build` with the CI override (host
# networking), API and browser smoke tests against it, the stock kept across down/up; the same
# for the replicas (PostgreSQL, three counterd, two nginx sharing the live channel through Redis,
# docker-compose.replicas.yml); then hot
# reload under docker-compose.dev.yml on a copy of the repo; then everything torn down.
# Needs root (dockerd). Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
cd "$repo"
work=$(mktemp -d /tmp/counter-compose-XXXX)
project=countertest$$
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# Image builds fetch from npm: pass them the CAs this machine trusts locally (a TLS-intercepting
# proxy's, say), as docker-compose.yml's EXTRA_CA_CERTS.
export EXTRA_CA_CERTS=${EXTRA_CA_CERTS-$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)}
export CI_API_PORT=$(free_port) CI_WEB_PORT=$(free_port) CI_PUBLISH_PORT=$(free_port)
base=http://127.0.0.1:$CI_WEB_PORT

cleanup() {
  [[ -n ${DOCKER_HOST:-} ]] && compose down -v >/dev/null 2>&1
  [[ -n ${DOCKER_HOST:-} && -n ${DB_PASSWORD:-} ]] && replicas_compose down -v >/dev/null 2>&1
  [[ -n ${DOCKER_HOST:-} && -d $work/copy ]] && dev_compose down -v >/dev/null 2>&1
  scripts/docker-engine.sh stop "$work/engine"
  rm -rf "$work"
}
trap cleanup EXIT
compose() { docker-compose -p "$project" -f docker-compose.yml -f docker-compose.ci.yml "$@"; }
replicas_compose() {
  docker-compose -p "${project}r" -f docker-compose.yml -f docker-compose.ci.yml \
    -f docker-compose.replicas.yml -f docker-compose.replicas-ci.yml "$@"
}
dev_compose() { docker-compose -p "${project}dev" -f "$work/copy/docker-compose.dev.yml" "$@"; }

start=$(date +%s)
DOCKER_HOST=$(scripts/docker-engine.sh start "$work/engine")
case $? in
  0) ;;
  3) echo "SKIP the Compose stacks: no Docker engine can unpack images here (see above)"; exit 0 ;;
  *) fail "docker engine starts"; exit 1 ;;
esac
export DOCKER_HOST
pass "docker engine starts with a debootstrapped debian:bookworm"

check "compose files validate: docker-compose.yml (+ override)" docker-compose -f docker-compose.yml -f docker-compose.override.yml config -q
check "compose files validate: + docker-compose.ci.yml" compose config -q
check "compose files validate: docker-compose.dev.yml" docker-compose -f docker-compose.dev.yml config -q

wait_ready() {
  for _ in $(seq 120); do
    curl -fs "$base/api/counter" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

# COMPOSE_PARTS picks sections (default: all): single replicas dev.
part() { [[ " ${COMPOSE_PARTS:-single replicas dev} " == *" $1 "* ]]; }

if part single; then
if compose up -d --build >"$work/up.log" 2>&1 && wait_ready; then
  pass "docker-compose up --build serves the app ($(($(date +%s) - start)) s from a cold engine)"
else
  fail "docker-compose up --build"; tail -n 30 "$work/up.log"; compose logs --tail 20; exit 1
fi

code=$(compose exec -T backend cat /data/admin-token)
if BASE_URL=$base MANAGER_CODE=$code node --test tests/system/smoke.test.mjs >"$work/smoke.log" 2>&1; then
  pass "API and browser smoke tests against the Compose stack"
else
  fail "API and browser smoke tests against the Compose stack"; cat "$work/smoke.log"
fi

curl -fs -X PUT -H 'Content-Type: application/json' -H "Authorization: Bearer $code" -d '{"value":777}' "$base/api/reset" >/dev/null
compose down >/dev/null 2>&1
compose up -d >/dev/null 2>&1
if wait_ready && [[ $(curl -fs "$base/api/counter") == *'"value":777'* ]]; then
  pass "the stock survives docker-compose down and up (named volume)"
else
  fail "the stock survives docker-compose down and up"
fi

# make backup against this project: counterd backup in the container, copied out, restored here.
backup_out=$(COMPOSE_PROJECT_NAME=$project COMPOSE_FILE=docker-compose.yml:docker-compose.ci.yml \
  BACKUP_DIR=$work/backups scripts/backup.sh 2>&1)
backup_file=$(sed -n 's/^backup: //p' <<<"$backup_out")
if [[ -s $backup_file && $(restored_stock build/release/backend/counterd "$backup_file" "$work/restored") == 777 ]]; then
  pass "make backup copies the Compose stack's stock out while it serves; it restores (777)"
else
  fail "make backup copies the Compose stack's stock out; it restores"; echo "$backup_out"
fi

compose down -v >/dev/null 2>&1
fi

# The replicas: PostgreSQL and three counterd behind the same nginx.
if part replicas; then
export CI_DB_PORT=$(free_port) CI_API_PORT_2=$(free_port) CI_API_PORT_3=$(free_port)
export CI_REDIS_PORT=$(free_port) CI_WEB_PORT_2=$(free_port) CI_PUBLISH_PORT_2=$(free_port)
base2=http://127.0.0.1:$CI_WEB_PORT_2
export DB_HOST=127.0.0.1 DB_PORT=$CI_DB_PORT ADMIN_TOKEN=compose-replicas-code DB_PASSWORD=compose-test-secret
check "compose files validate: docker-compose.yml + docker-compose.replicas.yml (+ its ports)" \
  docker-compose -f docker-compose.yml -f docker-compose.override.yml -f docker-compose.replicas.yml \
    -f docker-compose.replicas-ports.yml config -q
check "compose files validate: + docker-compose.replicas-ci.yml" replicas_compose config -q
start=$(date +%s)
if replicas_compose up -d --build >"$work/replicas-up.log" 2>&1 && wait_ready; then
  pass "the replicas' stack (PostgreSQL, 3 counterd, 2 nginx, Redis) comes up ($(($(date +%s) - start)) s)"
  check "a sale through one web container reaches a screen of the other (the channel in Redis)" \
    live_shared "$base" "$base2"
  replicas_compose restart redis >/dev/null 2>&1
  # Screens reconnect as the browser does; counterd repeats the newest state every 2 s.
  redis_back() { live_shared "$base" "$base2"; }
  check "after Redis restarts, a sale reaches the other web container's screens again" until_true 30 redis_back
  if BASE_URL=$base MANAGER_CODE=$ADMIN_TOKEN node --test tests/system/smoke.test.mjs >"$work/replicas-smoke.log" 2>&1; then
    pass "API and browser smoke tests against the replicas"
  else
    fail "API and browser smoke tests against the replicas"; cat "$work/replicas-smoke.log"
  fi
  sold=$(curl -fs -X POST "$base/api/decrement")
  same=0
  for port in "$CI_API_PORT" "$CI_API_PORT_2" "$CI_API_PORT_3"; do
    [[ $(curl -fs "http://127.0.0.1:$port/counter") == "$sold" ]] && same=$((same + 1))
  done
  check "a sale through nginx is what every replica answers" test "$same" -eq 3
  replicas_compose stop backend-2 >/dev/null 2>&1
  ok=0
  for i in $(seq 10); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Idempotency-Key: compose-$i" "$base/api/decrement") == 200 ]] && ok=$((ok + 1))
  done
  check "with a replica stopped, keyed sales through nginx all succeed" test "$ok" -eq 10
  if BASE_URL=$base MANAGER_CODE=$ADMIN_TOKEN node --test tests/system/smoke.test.mjs >"$work/replicas-smoke2.log" 2>&1; then
    pass "with a replica stopped, the page and the API still pass the smoke tests"
  else
    fail "with a replica stopped, the page and the API still pass the smoke tests"; cat "$work/replicas-smoke2.log"
  fi
  before=$(curl -fs "$base/api/counter")
  backup_out=$(STORE=postgres COMPOSE_PROJECT_NAME=${project}r \
    COMPOSE_FILE=docker-compose.yml:docker-compose.ci.yml:docker-compose.replicas.yml:docker-compose.replicas-ci.yml \
    BACKUP_DIR=$work/backups scripts/backup.sh 2>&1)
  backup_file=$(sed -n 's/^backup: //p' <<<"$backup_out")
  if [[ $backup_file == *.dump ]] && pg_restore --list "$backup_file" | grep -q 'TABLE DATA .* counter_changes'; then
    pass "make backup dumps the replicas' PostgreSQL while they serve (pg_dump in its container)"
  else
    fail "make backup dumps the replicas' PostgreSQL"; echo "$backup_out"
  fi
  replicas_compose down >/dev/null 2>&1
  replicas_compose up -d >/dev/null 2>&1
  if wait_ready && [[ $(curl -fs "$base/api/counter") == "$before" ]]; then
    pass "the stock survives down and up (PostgreSQL's named volume)"
  else
    fail "the stock survives down and up (PostgreSQL's named volume)"
  fi
else
  fail "the replicas' stack comes up"; tail -n 30 "$work/replicas-up.log"; replicas_compose logs --tail 20
fi
replicas_compose down -v >/dev/null 2>&1
fi

# Hot reload under Compose: the dev service on a copy of the repo, bind-mounted.
if part dev; then
mkdir "$work/copy"
copy_repo "$repo" "$work/copy"
export DEV_WEB_PORT=$(free_port) DEV_API_PORT=$(free_port) DEV_PUBLISH_PORT=$(free_port)
dev_base=http://127.0.0.1:$DEV_WEB_PORT
dev_compose up -d --build >"$work/dev-up.log" 2>&1
dev_serves() { curl -fs "$dev_base/api/counter"; }
if until_true 900 dev_serves; then
  pass "docker-compose.dev.yml serves the app from the bind-mounted repo"
  dev_compose logs --no-color >"$work/dev.log" 2>&1
  check_hot_reload "$dev_base" "$work/copy" "$work/dev.log"
else
  fail "docker-compose.dev.yml serves the app"
  tail -n 20 "$work/dev-up.log"
  dev_compose logs --tail 30
fi
dev_compose down -v >/dev/null 2>&1
fi

echo "compose system test: $fails failed"
[[ $fails -eq 0 ]]
