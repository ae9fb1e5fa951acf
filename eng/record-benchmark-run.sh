#!/usr/bin/env bash
# Runs the benchmarks' quick mode and records the run under docs/runs/benchmarks-quick/, so that every number
# docs/benchmarks.md shows can be traced: run.json (command, commit, machine, duration, load), BenchmarkDotNet's CSV
# report(s) (results/*-report.csv, with the B/step and Glue columns), the last lines the program printed (its
# summary table and the hand vs generated glue table) and the lines its cases logged (case-log.txt: the JIT warm-up,
# how often the gate opened, the logging cases' comparisons by thread CPU time).
#
#   eng/record-benchmark-run.sh [--name NAME] [BenchmarkDotNet options...]
#   eng/record-benchmark-run.sh --name benchmarks-loop-analyzers --filter '*LoopAnalyzer*'
#
# NAME (default benchmarks-quick) is the folder under docs/runs/.
# Without options every benchmark runs (a few minutes on an idle 2-core machine, longer on a loaded one). The
# benchmark code must be committed (the commit is what identifies it). Then eng/regenerate-doc-tables.sh rewrites
# the tables in docs/benchmarks.md from the recorded files.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/run-record.sh

name="benchmarks-quick"
if [ "${1:-}" = "--name" ]; then
  name="${2:?record-benchmark-run: --name needs a folder name}"
  shift 2
fi
case "$name" in *[!a-z0-9-]*|"") echo "record-benchmark-run: name '$name' must be lower-case letters, digits and dashes" >&2; exit 2 ;; esac

require_committed_code record-benchmark-run
if [ -n "$(git status --porcelain -- tests/MultiLoss.Benchmarks)" ]; then
  echo "record-benchmark-run: commit the changes to tests/MultiLoss.Benchmarks first; the run records the commit" >&2
  exit 2
fi
for arg in "$@"; do
  if [ "$arg" = "--artifacts" ]; then echo "record-benchmark-run: leave out --artifacts; the run writes into a scratch folder" >&2; exit 2; fi
done

dest="docs/runs/$name"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

bash eng/native-prereqs.sh
dotnet build tests/MultiLoss.Benchmarks/MultiLoss.Benchmarks.csproj -c Release >/dev/null

commit="$(git rev-parse HEAD)"
load_before="$(cut -d' ' -f1 /proc/loadavg)"
start="$(date +%s.%N)"
# From an empty folder, so that BenchmarkDotNet writes its artifacts (BenchmarkDotNet.Artifacts/) there.
repo="$PWD"
(cd "$scratch" && dotnet run --no-build -c Release --project "$repo/tests/MultiLoss.Benchmarks/MultiLoss.Benchmarks.csproj" \
  -- quick "$@" >"$scratch/output.txt")
end="$(date +%s.%N)"
load_after="$(cut -d' ' -f1 /proc/loadavg)"
stop_if_check_only record-benchmark-run "$scratch/output.txt"

rm -rf "$dest"
mkdir -p "$dest"
cp "$scratch"/BenchmarkDotNet.Artifacts/results/*-report.csv "$dest/"
tail -n 60 "$scratch/output.txt" >"$dest/output-tail.txt"
# What the cases log on the way (the JIT warm-up, how often each gated case's gate opened, the logging cases'
# comparisons by thread CPU time), which the tail misses.
grep -E '^// (JIT warm-up|Small|Large|Logging): ' "$scratch/output.txt" >"$dest/case-log.txt" || true

write_run_json "$dest/run.json" "dotnet run -c Release --project tests/MultiLoss.Benchmarks -- quick${*:+ $*}" \
  "$start" "$end" "$load_before" "$load_after" "$commit"
echo "recorded $dest ($(find "$dest" -type f | wc -l) files)"
