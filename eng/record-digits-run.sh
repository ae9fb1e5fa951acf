#!/usr/bin/env bash
# Runs the digits example and records the run under docs/runs/<name>/, so that every number a doc shows from it can
# be traced: run.json (command, commit, machine, duration), each summary.json (and seeds-summary.json with --seeds),
# the last lines of what it printed, and, with --with-plots, each losses.png.
#
#   eng/record-digits-run.sh [--with-plots] <name> [digits options...]
#   eng/record-digits-run.sh digits-all-5-seeds --strategy all --seeds 5
#
# The example's code must be committed (the commit is what identifies it). Then eng/regenerate-doc-tables.sh
# rewrites the tables in the docs from docs/runs.
set -euo pipefail
cd "$(dirname "$0")/.."

with_plots=false
if [ "${1:-}" = "--with-plots" ]; then with_plots=true; shift; fi
name="${1:?usage: eng/record-digits-run.sh [--with-plots] <name> [digits options...]}"
shift
case "$name" in *[!a-z0-9-]*|"") echo "record-digits-run: name '$name' must be lower-case letters, digits and dashes" >&2; exit 2 ;; esac

if [ -n "$(git status --porcelain -- src generators examples Directory.Build.props Directory.Packages.props Directory.Torch.props)" ]; then
  echo "record-digits-run: commit the changes to src/, generators/ and examples/ first; the run records the commit" >&2
  exit 2
fi

for arg in "$@"; do
  if [ "$arg" = "--out" ]; then echo "record-digits-run: leave out --out; the run writes into a scratch folder" >&2; exit 2; fi
done

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

rm -rf "$dest"
mkdir -p "$dest"
results="$scratch/out/digits"
(cd "$results" && find . -name summary.json -o -name seeds-summary.json | sort) | while read -r file; do
  mkdir -p "$dest/$(dirname "$file")"
  cp "$results/$file" "$dest/$file"
done
if $with_plots; then
  (cd "$results" && find . -name losses.png) | while read -r file; do cp "$results/$file" "$dest/$file"; done
fi
tail -n 40 "$scratch/output.txt" >"$dest/output-tail.txt"

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
torchsharp="$(sed -n 's/.*Include="TorchSharp" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
{
  echo "{"
  echo "  \"command\": $(json_string "dotnet run --project examples/Digits/Digits.csproj -c Release${*:+ -- $*}"),"
  echo "  \"commit\": $(json_string "$(git rev-parse HEAD)"),"
  echo "  \"date\": $(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)"),"
  echo "  \"durationSeconds\": $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'),"
  echo "  \"machine\": {"
  echo "    \"cpu\": $(json_string "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"),"
  echo "    \"cores\": $(nproc),"
  echo "    \"os\": $(json_string "$(. /etc/os-release && echo "$PRETTY_NAME")"),"
  echo "    \"kernel\": $(json_string "$(uname -r)"),"
  echo "    \"dotnetSdk\": $(json_string "$(dotnet --version)"),"
  echo "    \"torchSharp\": $(json_string "$torchsharp"),"
  echo "    \"loadAverageBefore\": $load_before,"
  echo "    \"loadAverageAfter\": $load_after"
  echo "  }"
  echo "}"
} >"$dest/run.json"
echo "recorded $dest ($(find "$dest" -type f | wc -l) files)"
