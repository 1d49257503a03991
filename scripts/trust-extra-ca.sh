#!/usr/bin/env bash
# Adds PEM certificates, given as text, to the system's trust store: for image builds behind a
# TLS-intercepting proxy, which npm (the API reference's Swagger UI) must reach the registry
# through. The text comes from the EXTRA_CA_CERTS build argument; without it, nothing changes.
# Usage: trust-extra-ca.sh "PEM TEXT"
set -euo pipefail
[[ -n ${1:-} ]] || exit 0
printf '%s\n' "$1" >/usr/local/share/ca-certificates/extra-ca.crt
update-ca-certificates >/dev/null
