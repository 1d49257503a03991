#!/usr/bin/env bash
# Builds shared/ and its unit tests with Debian's Emscripten, then runs them under node.
# Usage: tests/wasm/run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR}
export NODE_PATH=/usr/share/nodejs  # em++'s optimizer needs acorn from Debian's node modules
emcmake cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 >/dev/null
# Emscripten 3.1.6 would fetch() the .wasm when node has fetch (node 18+), which fails on paths.
node --no-experimental-fetch "$build/shared_tests.js"
