#!/usr/bin/env bash
# Runs the MultiFashion benchmark and records the run under docs/runs/<name>/, so that every number a doc shows from it
# can be traced: run.json (command, commit, machine, duration), comparison.json and each run's summary.json, the
# accuracy plot and the samples picture the docs show, and the last lines of what it printed.
#
#   eng/record-fashion-run.sh <name> [multifashion options...]
#   eng/record-fashion-run.sh fashion-quick-3-seeds
#
# The example's code must be committed (the commit is what identifies it). Then eng/regenerate-doc-tables.sh rewrites
# the tables in the docs from docs/runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/run-record.sh

name="${1:?usage: eng/record-fashion-run.sh <name> [multifashion options...]}"
shift
require_run_name record-fashion-run "$name"
require_committed_code record-fashion-run
refuse_out_option record-fashion-run "$@"

dest="docs/runs/$name"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

bash eng/native-prereqs.sh
case " $* " in *" --data "*|*" --data="*) ;; *) bash eng/fashion-mnist-data.sh ;; esac
dotnet build examples/MultiFashion/MultiFashion.csproj -c Release >/dev/null

load_before="$(cut -d' ' -f1 /proc/loadavg)"
start="$(date +%s.%N)"
# From an empty folder, so that the example writes into its default out/fashion and prints that path; the progress is
# shown while it runs and kept for the record.
repo="$PWD"
(cd "$scratch" && dotnet run --no-build --project "$repo/examples/MultiFashion/MultiFashion.csproj" -c Release -- "$@" | tee "$scratch/output.txt")
end="$(date +%s.%N)"
load_after="$(cut -d' ' -f1 /proc/loadavg)"
stop_if_check_only record-fashion-run

rm -rf "$dest"
mkdir -p "$dest"
results="$scratch/out/fashion"
(cd "$results" && find . -name summary.json -o -name comparison.json -o -name accuracy-plane.png -o -name samples.png | sort) | while read -r file; do
  mkdir -p "$dest/$(dirname "$file")"
  cp "$results/$file" "$dest/$file"
done
tail -n 40 "$scratch/output.txt" >"$dest/output-tail.txt"
write_run_json "$dest/run.json" "dotnet run --project examples/MultiFashion/MultiFashion.csproj -c Release${*:+ -- $*}" \
  "$start" "$end" "$load_before" "$load_after"
echo "recorded $dest ($(find "$dest" -type f | wc -l) files)"
