# Shared by the eng/record-*-run.sh scripts (sourced, not run): the checks before a recorded run and its run.json.

# Stops unless the code a run depends on is committed: the recorded commit is what identifies it.
require_committed_code() {
  if [ -n "$(git status --porcelain -- src generators examples Directory.Build.props Directory.Packages.props Directory.Torch.props)" ]; then
    echo "$1: commit the changes to src/, generators/ and examples/ first; the run records the commit" >&2
    exit 2
  fi
}

# MULTILOSS_CHECK_ONLY=1 (docs/writing-docs.md, "Commands"): after the checks and the program's own check of its
# options, records nothing. A second argument, the file that kept the program's output, is shown first.
stop_if_check_only() {
  if [ "${MULTILOSS_CHECK_ONLY:-0}" = "1" ]; then
    if [ -n "${2:-}" ]; then cat "$2"; fi
    echo "$1: check only: the checks passed and the options are valid; nothing recorded"
    exit 0
  fi
}

# Stops if a run name is not lower-case letters, digits and dashes.
require_run_name() {
  case "$2" in *[!a-z0-9-]*|"") echo "$1: name '$2' must be lower-case letters, digits and dashes" >&2; exit 2 ;; esac
}

# Stops if the options choose the output folder: the recording runs in a scratch folder and copies what it needs.
refuse_out_option() {
  local script="$1"
  shift
  for arg in "$@"; do
    if [ "$arg" = "--out" ]; then echo "$script: leave out --out; the run writes into a scratch folder" >&2; exit 2; fi
  done
}

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

# write_run_json FILE COMMAND START END LOAD_BEFORE LOAD_AFTER [COMMIT]: the command as typed, the commit (COMMIT, taken
# when the run started; HEAD if left out), the date, the machine, the duration (START and END from `date +%s.%N`) and
# the load average before and after.
write_run_json() {
  local file="$1" command="$2" start="$3" end="$4" load_before="$5" load_after="$6" commit="${7:-$(git rev-parse HEAD)}"
  local torchsharp
  torchsharp="$(sed -n 's/.*Include="TorchSharp" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
  {
    echo "{"
    echo "  \"command\": $(json_string "$command"),"
    echo "  \"commit\": $(json_string "$commit"),"
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
  } >"$file"
}
