#!/usr/bin/env bash
# make soak, two minutes of it (one per topology, a fault every 10 s), so that it cannot rot:
# every end-of-phase check must pass. Its figures are written to build/soak/ (not to docs/).
# Needs root for the small disk it fills (without root, that fault is left out).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
cd "$repo"
mkdir -p build/soak
# The counterd `make run` starts (make_run.sh has usually built it already).
cmake --preset app >/dev/null && cmake --build build/app --target counterd >/dev/null || exit 1
/usr/bin/python3 bench/soak.py --minutes 2 --interval 15 --fault-every 10 \
  --json build/soak/soak.json --report build/soak/soak.md >build/soak/soak.log 2>&1
status=$?
for store in sqlite postgres; do
  line=$(grep "^soak: $store: " build/soak/soak.log | tail -n 1)
  if [[ $line == *"every check passed" ]]; then
    pass "soak, 1 min on $store under faults: no sale lost or doubled, stock and every screen right"
  else
    fail "soak, 1 min on $store: ${line#soak: $store: }"
  fi
done
[[ $status -eq 0 ]] || { tail -n 30 build/soak/soak.log; exit 1; }
