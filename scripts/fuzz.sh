#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan) and runs each for
# SECONDS (default: $FUZZ_SECONDS, else 60) on a copy of its corpus from the repo. Prints one
# "PASS fuzz: ..." or "FAIL fuzz: ..." line per target with its executions and coverage; an
# input that crashed is kept in build/fuzz/crashes/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${FUZZ_SECONDS:-60}}
targets=(request_framer wire_json request_checks settings)
if ! { cmake --preset fuzz >/dev/null &&
       cmake --build build/fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >build/fuzz-build.log 2>&1; }; then
  tail -n 30 build/fuzz-build.log
  echo "FAIL fuzz: the targets did not build"
  exit 1
fi
failed=0
mkdir -p build/fuzz/crashes
for t in "${targets[@]}"; do
  work=build/fuzz/corpus/$t log=build/fuzz/$t.log
  mkdir -p "$work"
  cp fuzz/corpus/"$t"/* "$work"/
  build/fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix=build/fuzz/crashes/"$t"- "$work" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
  if [[ $status -eq 0 ]]; then
    echo "PASS fuzz: $t (${runs:-?} runs in $seconds s, $cov, 0 crashes)"
  else
    echo "FAIL fuzz: $t crashed after ${runs:-?} runs; see $log and build/fuzz/crashes/"
    grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$log"
    failed=1
  fi
done
exit $failed
