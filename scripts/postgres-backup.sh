#!/usr/bin/env bash
# Backups of the PostgreSQL store, with PostgreSQL's own tools.
#   scripts/postgres-backup.sh dump DATABASE FILE      pg_dump (custom format) of the live store
#   scripts/postgres-backup.sh restore FILE DATABASE   into an empty database, under a new store id
# DATABASE is a conninfo ("host=... dbname=counter") or a postgresql:// URI. A dump is taken in
# one snapshot while the replicas sell on. A restore refuses a database that holds a store
# already (two stores must never mix), and gives the restored one a new store id, so that no
# ETag a client kept from the old one can name a state of the restored one; then start the
# replicas on it.
set -euo pipefail

case ${1:-} in
  dump)
    [[ $# == 3 ]] || { echo "usage: $0 dump DATABASE FILE" >&2; exit 2; }
    pg_dump --format=custom --no-owner --file="$3.partial" --dbname="$2"
    mv "$3.partial" "$3"
    echo "dumped $(pg_restore --list "$3" | grep -c 'TABLE DATA') tables to $3"
    ;;
  restore)
    [[ $# == 3 ]] || { echo "usage: $0 restore FILE DATABASE" >&2; exit 2; }
    if [[ $(psql --dbname="$3" -tAc "SELECT to_regclass('counter_meta') IS NOT NULL") == t ]]; then
      echo "$0: the database already holds a store; restore into an empty one (CREATE DATABASE)" >&2
      exit 1
    fi
    pg_restore --no-owner --exit-on-error --single-transaction --dbname="$3" "$2"
    psql --dbname="$3" -qtA -v ON_ERROR_STOP=1 <<'SQL'
BEGIN;
INSERT INTO counter_meta (key, value)
  SELECT 'restored_from', value FROM counter_meta WHERE key = 'store_id'
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
UPDATE counter_meta SET value = substr(md5(random()::text || clock_timestamp()::text), 1, 16)
  WHERE key = 'store_id';
COMMIT;
SQL
    echo "restored $2 as store $(psql --dbname="$3" -tAc "SELECT value FROM counter_meta WHERE key = 'store_id'")"
    ;;
  *)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
