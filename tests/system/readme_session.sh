#!/usr/bin/env bash
# Runs the README's curl session as written against a stack that `make run` just started (a new
# store, so its versions are the README's) and compares what each command prints with the lines
# the README shows under it. The README's port and run folder are swapped for this run's.
# Usage: readme_session.sh WEB_PORT RUN_DIR     Prints the differences; exits 1 if any.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
web_port=${1:?web port} run_dir=${2:?run folder}
# The first console block after the "Try it" heading.
block=$(awk '/^## Try it/ { on = 1 } on && /^```console/ { inside = 1; next } inside && /^```/ { exit } inside' "$repo/README.md")
[[ -n $block ]] || { echo "README.md has no console block under '## Try it'"; exit 1; }
script="" expected="" n=0
while IFS= read -r line; do
  if [[ $line == '$ '* ]]; then
    n=$((n + 1))
    command=${line#'$ '}
    command=${command//localhost:8080/localhost:$web_port}
    command=${command//run\//$run_dir/}
    script+="echo '<<<$n'; $command"$'\n'
    expected+="<<<$n"$'\n'
  else
    expected+="$line"$'\n'
  fi
done <<<"$block"
actual=$(cd "$repo" && bash -c "$script" 2>&1; echo)  # curl -s prints no newline after a body
# Each body on its own line, as the README shows it.
actual=$(sed 's/}<<</}\n<<</g' <<<"$actual" | sed '/^$/d')
if diff <(sed '/^$/d' <<<"$expected") <(echo "$actual"); then
  echo "$n commands as the README shows them"
else
  exit 1
fi
