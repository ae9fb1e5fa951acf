#!/usr/bin/env bash
# The commands of the README:
#   ./build.sh run [options]       trains the digits example (CPU by default); options go to the example (--help)
#   ./build.sh fashion [options]   the MultiFashion benchmark: every strategy against single-task baselines (--help)
#   ./build.sh toy [options]       the CAGrad paper's two-objective toy: which methods reach the Pareto set (--help)
#   ./build.sh test                runs every test
# Each first makes sure the native prerequisite of TorchSharp is met (eng/native-prereqs.sh); fashion also that
# Fashion-MNIST is installed (eng/fashion-mnist-data.sh), unless it is given --data or asked for --help.
# Set TORCH_BACKEND=cuda to build against TorchSharp-cuda-linux instead of the CPU backend.
set -euo pipefail
cd "$(dirname "$0")"

backend="${TORCH_BACKEND:-cpu}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  echo "usage: ./build.sh run [example options] | ./build.sh fashion [example options] | ./build.sh toy [example options] | ./build.sh test" >&2
  exit 2
}

command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK is required (dotnet not found on PATH)." >&2; exit 2; }

case "${1:-}" in
  run)
    shift
    bash eng/native-prereqs.sh
    exec dotnet run --project examples/Digits/Digits.csproj -c Release -p:TorchBackend="$backend" -- "$@"
    ;;
  fashion)
    shift
    bash eng/native-prereqs.sh
    case " $* " in
      *" --data "*|*" --data="*|*" --help "*|*" -h "*|*" -\? "*) ;;
      *) bash eng/fashion-mnist-data.sh ;;
    esac
    exec dotnet run --project examples/MultiFashion/MultiFashion.csproj -c Release -p:TorchBackend="$backend" -- "$@"
    ;;
  toy)
    shift
    bash eng/native-prereqs.sh
    exec dotnet run --project examples/ParetoToy/ParetoToy.csproj -c Release -p:TorchBackend="$backend" -- "$@"
    ;;
  test)
    shift
    bash eng/native-prereqs.sh
    exec dotnet test MultiLoss.sln -c Release -p:TorchBackend="$backend" "$@"
    ;;
  *)
    usage
    ;;
esac
