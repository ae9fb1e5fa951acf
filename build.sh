#!/usr/bin/env bash
# The commands of the README:
#   ./build.sh run [options]       trains the digits example (CPU by default); options go to the example (--help)
#   ./build.sh fashion [options]   the MultiFashion benchmark: every strategy against single-task baselines (--help)
#   ./build.sh toy [options]       the CAGrad paper's two-objective toy: which methods reach the Pareto set (--help)
#   ./build.sh test                runs every test
# Each first makes sure the native prerequisite of TorchSharp is met (eng/native-prereqs.sh); fashion also that
# Fashion-MNIST is installed (eng/fashion-mnist-data.sh), unless it is given --data or asked for --help.
# Set TORCH_BACKEND=cuda to build against TorchSharp-cuda-linux instead of the CPU backend.
# MULTILOSS_CHECK_ONLY=1 (docs/writing-docs.md, "Commands"): every check, no long work. The native prerequisite and
# Fashion-MNIST are checked but nothing is installed, an example checks its options and stops before it trains, and
# test prints the command it would run. With TORCH_BACKEND=cuda the build is checked to select TorchSharp-cuda-linux
# (MSBuild's evaluation, no restore: the package is gigabytes) and the options are checked on the CPU build.
set -euo pipefail
cd "$(dirname "$0")"

backend="${TORCH_BACKEND:-cpu}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

check_only() { [[ "${MULTILOSS_CHECK_ONLY:-0}" == "1" ]]; }

# run_example PROJECT [options...]: runs an example with the chosen backend.
run_example() {
  local project="$1"
  shift
  if check_only && [[ "$backend" == "cuda" ]]; then
    dotnet msbuild "$project" -getItem:PackageReference -p:TorchBackend=cuda | grep -q '"Identity": "TorchSharp-cuda-linux"' \
      || { echo "build.sh: TORCH_BACKEND=cuda does not select TorchSharp-cuda-linux for $project" >&2; exit 1; }
    echo "check only: TORCH_BACKEND=cuda selects TorchSharp-cuda-linux; the options are checked on the CPU build"
    backend=cpu
  fi
  exec dotnet run --project "$project" -c Release -p:TorchBackend="$backend" -- "$@"
}

usage() {
  echo "usage: ./build.sh run [example options] | ./build.sh fashion [example options] | ./build.sh toy [example options] | ./build.sh test" >&2
  exit 2
}

command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK is required (dotnet not found on PATH)." >&2; exit 2; }

case "${1:-}" in
  run)
    shift
    bash eng/native-prereqs.sh
    run_example examples/Digits/Digits.csproj "$@"
    ;;
  fashion)
    shift
    bash eng/native-prereqs.sh
    case " $* " in
      *" --data "*|*" --data="*|*" --help "*|*" -h "*|*" -\? "*) ;;
      *) bash eng/fashion-mnist-data.sh ;;
    esac
    run_example examples/MultiFashion/MultiFashion.csproj "$@"
    ;;
  toy)
    shift
    bash eng/native-prereqs.sh
    run_example examples/ParetoToy/ParetoToy.csproj "$@"
    ;;
  test)
    shift
    bash eng/native-prereqs.sh
    if check_only; then
      # The docs' tests run this command, and they run under it.
      echo "check only: would run: dotnet test MultiLoss.sln -c Release -p:TorchBackend=$backend${*:+ $*}"
      exit 0
    fi
    exec dotnet test MultiLoss.sln -c Release -p:TorchBackend="$backend" "$@"
    ;;
  *)
    usage
    ;;
esac
