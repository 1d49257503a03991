#!/usr/bin/env bash
# Renders nginx/nginx.conf.template for one place it runs.
# Usage: render-nginx.sh OUT_CONF LISTEN ROOT BACKEND PREFIX [ACCESS_LOG] [ERROR_LOG]
#   LISTEN  e.g. 127.0.0.1:8080     ROOT     the UI's dist folder
#   BACKEND e.g. 127.0.0.1:9080, or replicas: 10.0.0.1:9080,10.0.0.2:9080
#   PREFIX  folder for pid, temp files and default logs
# Environment: WRITE_RATE (default 30r/s) and WRITE_BURST (default 300), the limit on POST and
# PUT under /api/ per client address; PUBLISH_LISTEN, where counterd publishes live updates
# (default: LISTEN's address, its port + 1); REDIS_URL (e.g. redis://127.0.0.1:6379), the Redis
# that several web servers share the live channel through (default: none, the channel is this
# nginx's own); REDIS_TLS=on when that Redis speaks TLS only (Amazon ElastiCache with transit
# encryption), checked against the system's certificate authorities; REDIS_PASSWORD, its AUTH.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?} listen=${2:?} root=${3:?} backend=${4:?} prefix=${5:?}
access_log=${6:-$prefix/access.log}
error_log=${7:-$prefix/error.log}
catalogue=$here/shared/include/counter/problem_catalogue.inc
mkdir -p "$prefix"

# One upstream server per replica. A replica that fails to answer (refused, reset, 502, 504) is
# left out for 5 s; the API's location decides which requests may go on to another one.
upstream_servers=""
IFS=',' read -ra replicas <<<"$backend"
for replica in "${replicas[@]}"; do
  upstream_servers+="    server $replica max_fails=1 fail_timeout=5s;
"
done

# brotli_static only where Debian's module is installed.
module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
load_brotli="" brotli_static=""
if [[ -f $module ]]; then
  load_brotli="load_module $module;"
  brotli_static="brotli_static on;"
fi

# What nginx says about the errors it answers itself; type, title and status come from the
# catalogue. (494 is nginx's own code for a head too large; it is answered as 431.)
declare -A detail=(
  [400]="nginx could not read this request"
  [404]="nothing here: the app is at /, the API under /api/"
  [405]="this method is not allowed here"
  [408]="the request did not arrive in full in time"
  [413]="the body is over 1024 bytes"
  [429]="too many sales or resets from this address; try again in a moment"
  [414]="the request target is too long"
  [431]="the request header fields are too large"
  [500]="nginx failed to answer this request; its log has the details"
  [501]="this method is not implemented"
  [502]="the counter service is not answering; try again shortly"
  [503]="the counter service is unavailable; try again shortly"
  [504]="the counter service did not answer in time; try again"
  [505]="this server speaks HTTP/1.1 and 1.0"
)
# Locations of their own: for a request nginx could not read, the URI to match against is
# missing, and an internal redirect to a named location fails (500).
# A status with several types in the catalogue (409, 422, 503) gets its first, general one.
error_pages=""
declare -A rendered=()
while IFS='|' read -r status slug title; do
  [[ -n ${detail[$status]:-} && -z ${rendered[$status]:-} ]] || continue
  rendered[$status]=1
  json="{\"type\":\"urn:camera-counter:problem:$slug\",\"title\":\"$title\",\"status\":$status,\"detail\":\"${detail[$status]}\"}"
  json=${json//\'/\\\'}  # inside nginx's single quotes
  codes=$status target=/.problem/$status
  [[ $status == 431 ]] && codes="494 =431"
  [[ $status == 404 ]] && target='$not_found_page'  # browsers asking for a page: 404.html
  error_pages+="    error_page $codes $target;
    location = /.problem/$status {
      internal;
      default_type application/problem+json;
      return $status '$json';
    }
"
done < <(sed -nE 's/^PROBLEM\([a-z_]+, ([0-9]+), "([^"]+)", "([^"]+)"\)$/\1|\2|\3/p' "$catalogue")

publish_listen=${PUBLISH_LISTEN:-${listen%:*}:$((${listen##*:} + 1))}
publish_local=127.0.0.1:${publish_listen##*:}  # the same listener, from nginx itself
[[ -f /usr/lib/nginx/modules/ngx_nchan_module.so ]] ||
  { echo "render-nginx: nginx's nchan module is missing (apt: libnginx-mod-nchan)" >&2; exit 1; }

redis_upstream="" redis_pass=""
if [[ -n ${REDIS_URL:-} ]]; then
  # Back within a second or two of a Redis restart (nchan's default waits far longer).
  redis_upstream="  upstream redis_server {
    nchan_redis_server ${REDIS_URL};
    nchan_redis_reconnect_delay_min 200ms;
    nchan_redis_reconnect_delay_max 2s;
    nchan_redis_connect_timeout 1s;${REDIS_TLS:+
    nchan_redis_ssl on;
    nchan_redis_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;}${REDIS_PASSWORD:+
    nchan_redis_password ${REDIS_PASSWORD};}
  }"
  redis_pass="nchan_redis_pass redis_server;"
fi

REDIS_UPSTREAM=$redis_upstream REDIS_PASS=$redis_pass LISTEN=$listen PUBLISH_LISTEN=$publish_listen PUBLISH_LOCAL=$publish_local ROOT=$root UPSTREAM_SERVERS=$upstream_servers PREFIX=$prefix ACCESS_LOG=$access_log \
ERROR_LOG=$error_log LOAD_BROTLI=$load_brotli BROTLI_STATIC=$brotli_static ERROR_PAGES=$error_pages \
WRITE_RATE=${WRITE_RATE:-30r/s} WRITE_BURST=${WRITE_BURST:-300} \
  envsubst '${REDIS_UPSTREAM} ${REDIS_PASS} ${LISTEN} ${PUBLISH_LISTEN} ${PUBLISH_LOCAL} ${ROOT} ${UPSTREAM_SERVERS} ${PREFIX} ${ACCESS_LOG} ${ERROR_LOG} ${LOAD_BROTLI} ${BROTLI_STATIC} ${ERROR_PAGES} ${WRITE_RATE} ${WRITE_BURST}' \
  <"$here/nginx/nginx.conf.template" >"$out"
