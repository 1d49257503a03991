#!/usr/bin/env bash
# The install steps on machines set up differently from this one: the apt mirror read from
# deb822 sources (cloud images) and from the classic sources.list (Debian's installer and
# debootstrap), and a clear reason when there is none. Prints "PASS name" / "FAIL name" lines.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/system/lib.sh"
work=$(mktemp -d /tmp/counter-install-XXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/deb822/sources.list.d" "$work/classic/sources.list.d" "$work/none/sources.list.d"
printf 'Types: deb-src\nURIs: http://src.example/debian\n\nTypes: deb\nURIs: http://deb822.example/debian\nSuites: bookworm\nComponents: main\n' \
  >"$work/deb822/sources.list.d/debian.sources"
printf '# deb http://old.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\ndeb [arch=amd64] http://classic.example/debian bookworm main\n' \
  >"$work/classic/sources.list"

check_mirror() {  # NAME DIR EXPECTED
  local got
  got=$("$repo/scripts/apt-mirror.sh" "$2" 2>/dev/null)
  if [[ $got == "$3" ]]; then pass "the apt mirror is read from $1 ($got)"; else fail "the apt mirror is read from $1 (got '$got')"; fi
}
check_mirror "deb822 sources" "$work/deb822" http://deb822.example/debian
check_mirror "a classic sources.list" "$work/classic" http://classic.example/debian
if out=$("$repo/scripts/apt-mirror.sh" "$work/none" 2>&1); then
  fail "no mirror at all is an error"
elif grep -q "no Debian mirror in" <<<"$out"; then
  pass "no mirror at all is an error that says where it looked"
else
  fail "no mirror at all is an error that says where it looked ($out)"
fi
echo "install system test: $fails failed"
[[ $fails -eq 0 ]]
