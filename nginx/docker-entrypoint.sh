#!/bin/sh
# Renders the repo's nginx config for the container (paths, port, backend address; logs to the
# container's stdout and stderr) and runs nginx in the foreground. Everything nginx writes goes
# to /tmp, so the root filesystem can stay read-only.
set -eu
/opt/camera-counter/scripts/render-nginx.sh /tmp/nginx.conf "${LISTEN_HOST:-0.0.0.0}:${WEB_PORT}" \
  /srv/camera-counter "${BACKEND}" /tmp/nginx /dev/stdout /dev/stderr
exec nginx -p /tmp/nginx -c /tmp/nginx.conf -e /dev/stderr
