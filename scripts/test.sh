#!/usr/bin/env bash
# Builds and runs the suite three times: a plain optimised build, an ASan + UBSan build, and a
# ThreadSanitizer build (unit and HTTP tests: counterd's reactors, acceptor and writer).
# Ends with one summary line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
failures=()  # what failed, repeated just above the summary (a CI log may show only its end)

# The failed tests in node's TAP output ("not ok N - name", then a YAML block with its location
# and error), one line each: "name (file:line): the error's first line". A suite that failed only
# through its tests is left out.
node_failures() {
  awk '
    function report(e) { if (e !~ /subtests? failed/) print name " (" where "): " e; want = take = 0 }
    /^ *not ok [0-9]+ - / { name = $0; sub(/^ *not ok [0-9]+ - /, "", name); where = "?"; want = 1; next }
    want && /^ *location: / { where = $0; sub(/^.*\//, "", where); sub(/:[0-9]+.$/, "", where); next }
    want && /^ *error: ?[|>]-?$/ { take = 1; next }
    want && /^ *error: / { e = $0; sub(/^ *error: */, "", e); report(e); next }
    take { e = $0; sub(/^ */, "", e); report(e); next }
    want && /^ *\.\.\.$/ { report("") }
  ' "$1"
}

echo "== browser UI (Emscripten)"
if ! { cmake --preset wasm >/dev/null && cmake --build --preset wasm -j"$(nproc)"; }; then
  echo "== UI build FAILED"
  failed=$((failed + 1))
fi
for dir in tests/e2e deploy/aws; do
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null || { echo "== npm ci in $dir FAILED"; failed=$((failed + 1)); }
done

for preset in release asan tsan; do
  echo "== $preset build"
  if ! { cmake --preset "$preset" -DCAMERA_COUNTER_TESTS=ON >/dev/null &&
         cmake --build "build/$preset" -j"$(nproc)"; }; then
    echo "== $preset build FAILED"
    failed=$((failed + 1))
    continue
  fi
  log="build/$preset/ctest.log"
  # As root, the plain build's suite runs as if the checkout were in a folder only root can
  # enter (root's home is 0700 on Debian): PostgreSQL and nginx's workers run as other users.
  # (Not where the checkout's parent is / or /tmp: those cannot be hidden.)
  private=()
  [[ $preset == release ]] && tests/system/in_private_folder.sh --check 2>/dev/null &&
    private=(tests/system/in_private_folder.sh)
  "${private[@]}" ctest --test-dir "build/$preset" -j"$(nproc)" --output-on-failure 2>&1 | tee "$log"
  # ctest's own line: "100% tests passed, 0 tests failed out of 66"
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
  if [[ -z $line ]]; then
    echo "== $preset: ctest printed no summary"
    failed=$((failed + 1))
    continue
  fi
  while IFS= read -r name; do failures+=("$preset: $name"); done < <(
    sed -n '/The following tests FAILED:/,$p' "$log" | grep -E '^\s+[0-9]+ - ' | sed -E 's/^\s+//')
  # Inside a CTest that runs `node --test` (the browser suites, the CDK checks): each failed
  # test by name, with the first line of its error.
  while IFS= read -r name; do failures+=("$preset:   $name"); done < <(node_failures "$log")
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  t=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
  passed=$((passed + t - f))
  failed=$((failed + f))
done

# System tests (the product as an operator and a developer meet it) and the fuzz targets, each
# for FUZZ_SECONDS (default 30 here; `make fuzz` runs longer). Each prints PASS/FAIL lines.
for t in system/install system/make_run system/soak system/hot_reload system/compose fuzz; do
  echo "== $t"
  log=build/${t//\//-}.log
  if [[ $t == fuzz ]]; then command=(scripts/fuzz.sh "${FUZZ_SECONDS:-30}"); else command=(tests/$t.sh); fi
  "${command[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  passed=$((passed + $(grep -c '^PASS ' "$log")))
  failed=$((failed + $(grep -c '^FAIL ' "$log")))
  while IFS= read -r line; do failures+=("$t: $line"); done < <(grep '^FAIL ' "$log")
  # A script that died before it could report counts as a failure.
  if [[ $status -ne 0 && $(grep -c '^FAIL ' "$log") -eq 0 ]]; then failed=$((failed + 1)); fi
done

if ((${#failures[@]})); then
  echo "== what failed"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
