#!/usr/bin/env bash
# Runs the digits example and records the run under docs/runs/<name>/, so that every number a doc shows from it can
# be traced: run.json (command, commit, machine, duration), each summary.json (and seeds-summary.json with --seeds),
# the last lines of what it printed, weights.png when the run wrote one, and, with --with-plots, each losses.png.
#
#   eng/record-digits-run.sh [--with-plots] <name> [digits options...]
#   eng/record-digits-run.sh digits-all-5-seeds --strategy all --seeds 5
#
# The example's code must be committed (the commit is what identifies it). Then eng/regenerate-doc-tables.sh
# rewrites the tables in the docs from docs/runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/run-record.sh

with_plots=false
if [ "${1:-}" = "--with-plots" ]; then with_plots=true; shift; fi
name="${1:?usage: eng/record-digits-run.sh [--with-plots] <name> [digits options...]}"
shift
require_run_name record-digits-run "$name"
require_committed_code record-digits-run
refuse_out_option record-digits-run "$@"

dest="docs/runs/$name"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

bash eng/native-prereqs.sh
dotnet build examples/Digits/Digits.csproj -c Release >/dev/null

load_before="$(cut -d' ' -f1 /proc/loadavg)"
start="$(date +%s.%N)"
# From an empty folder, so that the example writes into its default out/digits and prints that path.
repo="$PWD"
(cd "$scratch" && dotnet run --no-build --project "$repo/examples/Digits/Digits.csproj" -c Release -- "$@" >"$scratch/output.txt")
end="$(date +%s.%N)"
load_after="$(cut -d' ' -f1 /proc/loadavg)"
stop_if_check_only record-digits-run "$scratch/output.txt"

rm -rf "$dest"
mkdir -p "$dest"
results="$scratch/out/digits"
(cd "$results" && find . -name summary.json -o -name seeds-summary.json | sort) | while read -r file; do
  mkdir -p "$dest/$(dirname "$file")"
  cp "$results/$file" "$dest/$file"
done
if [ -f "$results/weights.png" ]; then cp "$results/weights.png" "$dest/weights.png"; fi
if $with_plots; then
  (cd "$results" && find . -name losses.png) | while read -r file; do cp "$results/$file" "$dest/$file"; done
fi
tail -n 40 "$scratch/output.txt" >"$dest/output-tail.txt"

write_run_json "$dest/run.json" "dotnet run --project examples/Digits/Digits.csproj -c Release${*:+ -- $*}" \
  "$start" "$end" "$load_before" "$load_after"
echo "recorded $dest ($(find "$dest" -type f | wc -l) files)"
