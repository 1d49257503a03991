#!/usr/bin/env bash
# A real PostgreSQL server in a folder of its own, on loopback only: for tests, and for
# `make run STORE=postgres` without a Docker engine.
# Usage: postgres.sh start DIR   creates the cluster at first use, starts it on a free port and
#                                prints its conninfo (also kept in DIR/conninfo)
#        postgres.sh stop DIR    stops it (fast shutdown: sessions are cut, as in an outage)
#        postgres.sh remove DIR  stops it and deletes DIR
#        postgres.sh fresh DIR   remove, then start (a CTest fixture's set-up)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bin/postgres ]] || { echo "postgres.sh: PostgreSQL is not installed (apt: postgresql)" >&2; exit 1; }
action=${1:?start, stop or remove} dir=${2:?folder}
mkdir -p "$dir" && dir=$(cd "$dir" && pwd -P) self=$(cd "$(dirname "$0")" && pwd -P)/$(basename "$0")
as_owner=() home=$dir
# As root the server runs as the postgres user, in DIR when that user can reach it, otherwise in
# a stand-in folder (scripts/reachable.sh); DIR keeps the port, the conninfo and where the
# cluster is (DIR/home: stop and remove go there, whoever can reach what by then).
if [[ $(id -u) -eq 0 ]]; then
  as_owner=(runuser -u postgres --)
  if [[ -f $dir/home ]]; then home=$(<"$dir/home")
  else home=$("$(dirname "$self")/reachable.sh" postgres "$dir") && echo "$home" >"$dir/home"; fi
fi
data=$home/data
cd /  # the server and its tools start here: they may not enter the caller's folder

case $action in
  start)
    if [[ ! -f $data/PG_VERSION ]]; then
      "${as_owner[@]}" "$bin/initdb" -D "$data" -U counter --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; exit 1; }
    fi
    # The same port on every start, so that clients find it again after a stop.
    [[ -f $dir/port ]] ||
      python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$dir/port"
    port=$(<"$dir/port")
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$home/server.log" -w -t 30 start \
      -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null ||
      { cat "$home/server.log" >&2; exit 1; }
    echo "host=127.0.0.1 port=$port user=counter" | tee "$dir/conninfo"
    ;;
  stop)
    if [[ -f $data/postmaster.pid ]]; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
  remove)
    if [[ -f $data/postmaster.pid ]]; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
    fi
    rm -rf "$dir" "$home"
    ;;
  fresh)
    "$self" remove "$dir"
    exec "$self" start "$dir"
    ;;
  *) echo "postgres.sh: unknown action '$action'" >&2; exit 2 ;;
esac
