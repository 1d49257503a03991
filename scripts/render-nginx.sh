#!/usr/bin/env bash
# Renders nginx/nginx.conf.template for one place it runs.
# Usage: render-nginx.sh OUT_CONF LISTEN ROOT BACKEND PREFIX [ACCESS_LOG] [ERROR_LOG]
#   LISTEN  e.g. 127.0.0.1:8080     ROOT     the UI's dist folder
#   BACKEND e.g. 127.0.0.1:9080     PREFIX   folder for pid, temp files and default logs
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?} listen=${2:?} root=${3:?} backend=${4:?} prefix=${5:?}
access_log=${6:-$prefix/access.log}
error_log=${7:-$prefix/error.log}
mkdir -p "$prefix"

# brotli_static only where Debian's module is installed.
module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
load_brotli="" brotli_static=""
if [[ -f $module ]]; then
  load_brotli="load_module $module;"
  brotli_static="brotli_static on;"
fi

LISTEN=$listen ROOT=$root BACKEND=$backend PREFIX=$prefix ACCESS_LOG=$access_log \
ERROR_LOG=$error_log LOAD_BROTLI=$load_brotli BROTLI_STATIC=$brotli_static \
  envsubst '${LISTEN} ${ROOT} ${BACKEND} ${PREFIX} ${ACCESS_LOG} ${ERROR_LOG} ${LOAD_BROTLI} ${BROTLI_STATIC}' \
  <"$here/nginx/nginx.conf.template" >"$out"
