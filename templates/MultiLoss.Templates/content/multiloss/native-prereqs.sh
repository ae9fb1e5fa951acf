#!/usr/bin/env bash
# Checks TorchSharp's native prerequisite on Linux and, if it is missing, says how to install it. Changes nothing.
#
# TorchSharp's native library (libLibTorchSharp.so, libtorch 2.10) needs GLIBCXX_3.4.32: libstdc++ from GCC 13 or
# newer. Ubuntu 24.04 and Debian 13 have it; Debian 12 and Ubuntu 22.04 do not. Without it the first use of torch
# fails to load the library. Exit code: 0 when the prerequisite is met (or not on Linux), 3 when it is not.
#
#   bash native-prereqs.sh
#   MULTILOSS_LIBSTDCXX=/path/to/libstdc++.so.6 bash native-prereqs.sh   # check another file
set -euo pipefail

readonly required_symbol="GLIBCXX_3.4.32"

if [[ "$(uname -s)" != "Linux" ]]; then
  echo "Not Linux: nothing to check (TorchSharp's packages bring what they need on Windows and macOS)."
  exit 0
fi

lib="${MULTILOSS_LIBSTDCXX:-}"
if [[ -z "$lib" ]]; then
  lib=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*(x86-64|AArch64)/ {print $NF; exit}')
fi
if [[ -z "$lib" ]]; then
  for candidate in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do
    if [[ -e "$candidate" ]]; then lib=$candidate; break; fi
  done
fi

if [[ -n "$lib" && -e "$lib" ]] && grep -qa "$required_symbol" "$lib"; then
  echo "OK: $lib has $required_symbol; TorchSharp's native library can load."
  exit 0
fi

# The Debian mirror apt already uses (the first source URI whose path is /debian), for the one-off Debian 13 source.
mirror=$( { for file in /etc/apt/sources.list.d/*.sources; do
              [[ -r "$file" ]] && awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$file"
            done
            for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
              [[ -r "$file" ]] && awk '/^deb / { print ($2 ~ /^\[/ ? $3 : $2) }' "$file"
            done; } | grep -E '/debian/?$' | head -n 1 || true)
mirror="${mirror%/}"

cat >&2 <<MSG
TorchSharp needs $required_symbol from libstdc++ (GCC 13 or newer), and ${lib:-this system (no libstdc++.so.6 found)} does not have it.
On Debian 12, as root, install Debian 13's libstdc++6 without adding Debian 13 to apt's sources:
  echo 'deb ${mirror:-<the Debian mirror in your apt sources>} trixie main' > /tmp/trixie.list
  apt-get update -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null -o APT::Get::List-Cleanup=false
  apt-get install -y --no-install-recommends -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie
(This brings libc6 2.41 and Debian 13's base-files with it.) On other distributions, install libstdc++ from GCC 13
or newer with the package manager, or use a newer release (Ubuntu 24.04, Debian 13).
MSG
exit 3
