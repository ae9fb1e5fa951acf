#!/usr/bin/env bash
# Ensures the system libstdc++ is new enough for TorchSharp's native library.
#
# libLibTorchSharp.so (TorchSharp 0.107, libtorch 2.10) needs GLIBCXX_3.4.32, i.e. libstdc++
# from GCC 13 or newer. Debian 12 ships GCC 12's. On Debian, as root, this script installs
# Debian 13's libstdc++6; anywhere else it stops with the exact command to run.
#
# Environment (for tests and unusual systems):
#   MULTILOSS_LIBSTDCXX       path of the libstdc++.so.6 to check (default: the one the loader finds)
#   MULTILOSS_PREREQS_DRY_RUN =1: print the install commands instead of running them
set -euo pipefail

readonly required_symbol="GLIBCXX_3.4.32"
readonly trixie_list="/etc/apt/sources.list.d/multiloss-trixie.list"

find_libstdcxx() {
  if [[ -n "${MULTILOSS_LIBSTDCXX:-}" ]]; then
    echo "$MULTILOSS_LIBSTDCXX"
    return
  fi
  local path
  path=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')
  if [[ -z "$path" ]]; then
    for candidate in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
      [[ -e "$candidate" ]] && { path=$candidate; break; }
    done
  fi
  echo "$path"
}

has_required_symbol() {
  grep -qa "$required_symbol" "$1"
}

explain_and_exit() {
  cat >&2 <<MSG
MultiLoss: TorchSharp needs $required_symbol from libstdc++ (GCC 13 or newer), and $1 does not have it.
Fix: install a newer libstdc++6. On Debian 12 (as root):
  echo 'deb http://deb.debian.org/debian trixie main' > $trixie_list
  apt-get update && apt-get install -y -t trixie libstdc++6
On other systems, install libstdc++ from GCC 13+ with your package manager.
MSG
  exit 3
}

run() {
  if [[ "${MULTILOSS_PREREQS_DRY_RUN:-0}" == "1" ]]; then
    echo "would run: $*"
  else
    "$@"
  fi
}

main() {
  if [[ "$(uname -s)" != "Linux" ]]; then
    return 0
  fi

  local lib
  lib=$(find_libstdcxx)
  if [[ -z "$lib" || ! -e "$lib" ]]; then
    explain_and_exit "this system (no libstdc++.so.6 found)"
  fi
  if has_required_symbol "$lib"; then
    return 0
  fi

  if [[ "$(id -u)" != "0" || ! -r /etc/debian_version ]] || ! command -v apt-get >/dev/null; then
    explain_and_exit "$lib"
  fi

  echo "MultiLoss: $lib lacks $required_symbol; installing Debian 13's libstdc++6 (about 15 s)." >&2
  if [[ "${MULTILOSS_PREREQS_DRY_RUN:-0}" == "1" ]]; then
    echo "would run: write $trixie_list"
  else
    echo 'deb http://deb.debian.org/debian trixie main' > "$trixie_list"
  fi
  local log=/tmp/multiloss-native-prereqs.log
  if ! { run apt-get update -qq && run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6; } >"$log" 2>&1; then
    echo "MultiLoss: the install failed; apt's output is in $log" >&2
    explain_and_exit "$lib"
  fi
  if [[ "${MULTILOSS_PREREQS_DRY_RUN:-0}" == "1" ]]; then
    cat "$log"
  fi

  if [[ "${MULTILOSS_PREREQS_DRY_RUN:-0}" != "1" ]]; then
    lib=$(MULTILOSS_LIBSTDCXX='' find_libstdcxx)
    has_required_symbol "$lib" || explain_and_exit "$lib (even after the install)"
    echo "MultiLoss: libstdc++ now provides $required_symbol." >&2
  fi
}

main "$@"
