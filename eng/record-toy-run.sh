#!/usr/bin/env bash
# Runs the Pareto toy example and records the run under docs/runs/<name>/, so that what its README shows can be
# traced: run.json (command, commit, machine, duration), summary.json, trajectories.png and the last lines it printed.
#
#   eng/record-toy-run.sh <name> [toy options...]
#   eng/record-toy-run.sh pareto-toy                 # the paper's schedule: 100,000 Adam steps per run
#
# The example's code must be committed (the commit is what identifies it). Then eng/regenerate-doc-tables.sh
# rewrites the tables in the docs from docs/runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/run-record.sh

name="${1:?usage: eng/record-toy-run.sh <name> [toy options...]}"
shift
require_run_name record-toy-run "$name"
require_committed_code record-toy-run
refuse_out_option record-toy-run "$@"

dest="docs/runs/$name"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
commit="$(git rev-parse HEAD)"

bash eng/native-prereqs.sh
dotnet build examples/ParetoToy/ParetoToy.csproj -c Release >/dev/null

load_before="$(cut -d' ' -f1 /proc/loadavg)"
start="$(date +%s.%N)"
dotnet run --no-build --project examples/ParetoToy/ParetoToy.csproj -c Release -- "$@" --out "$scratch/out" >"$scratch/output.txt"
end="$(date +%s.%N)"
load_after="$(cut -d' ' -f1 /proc/loadavg)"
stop_if_check_only record-toy-run "$scratch/output.txt"

rm -rf "$dest"
mkdir -p "$dest"
cp "$scratch/out/summary.json" "$scratch/out/trajectories.png" "$dest/"
tail -n 40 "$scratch/output.txt" >"$dest/output-tail.txt"

write_run_json "$dest/run.json" "dotnet run --project examples/ParetoToy/ParetoToy.csproj -c Release${*:+ -- $*}" \
  "$start" "$end" "$load_before" "$load_after" "$commit"
echo "recorded $dest ($(find "$dest" -type f | wc -l) files)"
