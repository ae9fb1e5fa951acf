#!/usr/bin/env bash
# Ensures the system libstdc++ is new enough for TorchSharp's native library.
#
# libLibTorchSharp.so (TorchSharp 0.107, libtorch 2.10) needs GLIBCXX_3.4.32, i.e. libstdc++
# from GCC 13 or newer. Debian 12 ships GCC 12's. On Debian, as root, this script installs
# Debian 13's libstdc++6 and what it depends on (libc6 2.41 and, because libc6 requires it,
# base-files 13); anywhere else it stops with the exact command to run.
#
# Nothing is written under /etc/apt: the Debian 13 source is given to apt on the command line
# only (a private source list), so no later `apt-get install` or upgrade on this machine sees
# Debian 13. A source left by an earlier version of this script is removed.
#
# Environment (for tests and unusual systems):
#   MULTILOSS_LIBSTDCXX       path of the libstdc++.so.6 to check (default: the one the loader finds)
#   MULTILOSS_PREREQS_DRY_RUN =1: print the apt commands instead of running them
#   MULTILOSS_CHECK_ONLY      =1: the same (docs/writing-docs.md, "Commands")
#   MULTILOSS_APT_ETC         apt's configuration folder (default /etc/apt; tests point it elsewhere)
#   MULTILOSS_DEBIAN_MIRROR   the Debian mirror to take Debian 13 from (default: the one apt's sources already use)
set -euo pipefail

readonly required_symbol="GLIBCXX_3.4.32"
readonly apt_etc="${MULTILOSS_APT_ETC:-/etc/apt}"
readonly legacy_list="$apt_etc/sources.list.d/multiloss-trixie.list"
private_dir=""

# The Debian mirror this machine's apt already uses: the first URI of its sources whose path is /debian (not
# debian-security), so that a machine behind a local mirror fetches Debian 13 from it too.
debian_mirror() {
  if [[ -n "${MULTILOSS_DEBIAN_MIRROR:-}" ]]; then
    echo "${MULTILOSS_DEBIAN_MIRROR%/}"
    return
  fi
  local uri file
  uri=$( { for file in "$apt_etc"/sources.list.d/*.sources; do
             [[ -r "$file" ]] && awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$file"
           done
           for file in "$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list; do
             [[ -r "$file" ]] && awk '/^deb / { print ($2 ~ /^\[/ ? $3 : $2) }' "$file"
           done; } | grep -E '/debian/?$' | head -n 1 || true)
  echo "${uri%/}"
}

mirror=$(debian_mirror)
readonly trixie_source="deb ${mirror:-<the Debian mirror in your apt sources>} trixie main"

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
Fix: install a newer libstdc++6. On Debian 12 (as root), without adding Debian 13 to apt's sources:
  echo '$trixie_source' > /tmp/trixie.list
  apt-get update -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null -o APT::Get::List-Cleanup=false
  apt-get install -y --no-install-recommends -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie
On other systems, install libstdc++ from GCC 13+ with your package manager.
MSG
  exit 3
}

dry_run() { [[ "${MULTILOSS_PREREQS_DRY_RUN:-0}" == "1" || "${MULTILOSS_CHECK_ONLY:-0}" == "1" ]]; }

run() {
  if dry_run; then
    echo "would run: $*"
  else
    "$@"
  fi
}

is_debian_root() {
  [[ "$(id -u)" == "0" && -r /etc/debian_version ]] && command -v apt-get >/dev/null
}

# Earlier versions of this script left an unpinned Debian 13 source behind, which made every later
# install prefer Debian 13's packages.
remove_legacy_source() {
  [[ -e "$legacy_list" ]] || return 0
  if [[ ! -w "$(dirname "$legacy_list")" ]]; then
    echo "MultiLoss: $legacy_list (left by an earlier MultiLoss) makes apt prefer Debian 13; remove it as root: rm $legacy_list && apt-get update" >&2
    return 0
  fi
  echo "MultiLoss: removing $legacy_list, an unpinned Debian 13 source left by an earlier MultiLoss." >&2
  rm -f "$legacy_list"
  if is_debian_root && ! dry_run; then
    apt-get update -qq >/dev/null 2>&1 || echo "MultiLoss: 'apt-get update' failed; run it once to drop Debian 13's package lists." >&2
  fi
}

install_from_trixie() {
  local lib=$1
  private_dir=$(mktemp -d)
  trap 'rm -rf "$private_dir"' EXIT
  echo "$trixie_source" > "$private_dir/trixie.list"
  local -a only_trixie=(
    -o "Dir::Etc::SourceList=$private_dir/trixie.list"
    -o "Dir::Etc::SourceParts=$private_dir/none.d"
    -o "APT::Get::List-Cleanup=false"
  )

  if [[ -z "$mirror" ]]; then
    echo "MultiLoss: apt's sources in $apt_etc name no Debian mirror; set MULTILOSS_DEBIAN_MIRROR to one (a URI ending in /debian)." >&2
    explain_and_exit "$lib"
  fi
  echo "MultiLoss: $lib lacks $required_symbol; installing Debian 13's libstdc++6 from '$trixie_source' (about 20 s; apt's sources are not changed)." >&2
  local log=/tmp/multiloss-native-prereqs.log
  if ! { run apt-get update -qq "${only_trixie[@]}" \
         && run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${only_trixie[@]}" libstdc++6/trixie; } >"$log" 2>&1; then
    echo "MultiLoss: the install failed; apt's output is in $log" >&2
    explain_and_exit "$lib"
  fi
  if dry_run; then
    cat "$log"
  fi
}

main() {
  if [[ "$(uname -s)" != "Linux" ]]; then
    return 0
  fi
  remove_legacy_source

  local lib
  lib=$(find_libstdcxx)
  if [[ -z "$lib" || ! -e "$lib" ]]; then
    explain_and_exit "this system (no libstdc++.so.6 found)"
  fi
  if has_required_symbol "$lib"; then
    return 0
  fi
  is_debian_root || explain_and_exit "$lib"

  install_from_trixie "$lib"

  if ! dry_run; then
    lib=$(MULTILOSS_LIBSTDCXX='' find_libstdcxx)
    has_required_symbol "$lib" || explain_and_exit "$lib (even after the install)"
    echo "MultiLoss: libstdc++ now provides $required_symbol." >&2
  fi
}

main "$@"
