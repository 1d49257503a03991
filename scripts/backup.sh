#!/usr/bin/env bash
# make backup: a consistent copy of the stock of whatever `make run` started, taken while it
# serves, into BACKUP_DIR (default ./backups), named by the time it was taken:
#   the Compose stack           counterd backup inside the backend container, copied out
#   the Compose replicas        pg_dump inside the postgres container (STORE=postgres)
#   local processes, SQLite     counterd backup of run/data
#   local processes, PostgreSQL scripts/postgres-backup.sh dump of run/postgres's database
# Restoring is described in docs/operations.md. Compose finds its project as usual
# (COMPOSE_PROJECT_NAME and COMPOSE_FILE are honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
run_dir=${RUN_DIR:-$repo/run}
dir=${BACKUP_DIR:-$repo/backups}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

if [[ ${STORE:-} == postgres && -z ${COMPOSE_FILE:-} ]]; then
  export COMPOSE_FILE=docker-compose.yml:docker-compose.override.yml:docker-compose.replicas.yml:docker-compose.replicas-ports.yml
fi
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}
in_compose() {
  command -v docker >/dev/null && docker info >/dev/null 2>&1 && [[ -n $(compose ps -q "$1" 2>/dev/null) ]]
}

if in_compose postgres; then
  file=$dir/counter-$stamp.dump
  compose exec -T postgres sh -c \
    'PGPASSWORD=$POSTGRES_PASSWORD pg_dump --format=custom --no-owner -h 127.0.0.1 -U $POSTGRES_USER -d $POSTGRES_DB' \
    >"$file.partial"
  mv "$file.partial" "$file"
elif in_compose backend; then
  file=$dir/counter-$stamp.db
  compose exec -T backend counterd backup --to /data/backup.db
  docker cp "$(compose ps -q backend)":/data/backup.db "$file"
  compose exec -T backend rm -f /data/backup.db
elif [[ -f $run_dir/postgres/conninfo ]]; then
  file=$dir/counter-$stamp.dump
  scripts/postgres-backup.sh dump "$(cat "$run_dir/postgres/conninfo") dbname=counter" "$file"
else
  file=$dir/counter-$stamp.db
  counterd=$repo/build/app/backend/counterd
  [[ -x $counterd ]] || counterd=$repo/build/release/backend/counterd
  "$counterd" backup --data-dir "$run_dir/data" --to "$file"
fi
echo "backup: $file"
