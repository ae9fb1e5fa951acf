#!/usr/bin/env bash
# Makes sure Fashion-MNIST (Zalando Research, MIT licence) is where the MultiFashion example reads it by default: the
# IDX files of the Debian package dataset-fashion-mnist, under /usr/share/datasets/fashion-mnist/. When they are
# missing, on Debian as root this installs the package (about 30 MB); anywhere else it stops with the command to run.
# `./build.sh fashion` runs it unless the example is given --data.
#
# Environment (for tests and unusual systems):
#   MULTILOSS_FASHION_DIR      the folder to check (default /usr/share/datasets/fashion-mnist)
#   MULTILOSS_FASHION_DRY_RUN  =1: print the apt commands instead of running them
#   MULTILOSS_CHECK_ONLY       =1: the same (docs/writing-docs.md, "Commands")
set -euo pipefail

readonly package="dataset-fashion-mnist"
readonly folder="${MULTILOSS_FASHION_DIR:-/usr/share/datasets/fashion-mnist}"
readonly files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

has_every_file() {
  local name
  for name in "${files[@]}"; do
    [[ -e "$folder/$name.gz" || -e "$folder/$name" ]] || return 1
  done
}

explain_and_exit() {
  cat >&2 <<MSG
MultiFashion: Fashion-MNIST is not in $folder ($1).
Fix: on Debian or Ubuntu, as root: apt-get install $package
Or put the four IDX files (${files[*]}, each gzipped or not) in a folder and pass it with --data.
MSG
  exit 3
}

dry_run() { [[ "${MULTILOSS_FASHION_DRY_RUN:-0}" == "1" || "${MULTILOSS_CHECK_ONLY:-0}" == "1" ]]; }

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

install_package() {
  local log=/tmp/multiloss-fashion-mnist.log
  echo "MultiFashion: installing $package (Fashion-MNIST, about 30 MB)." >&2
  # The package lists may predate the package or be missing (a fresh container): one update, then a second try.
  if ! { run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" \
         || { run apt-get update -qq && run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"; }; } >"$log" 2>&1; then
    echo "MultiFashion: the install failed; apt's output is in $log" >&2
    explain_and_exit "installing $package failed"
  fi
  if dry_run; then
    cat "$log"
  fi
}

main() {
  has_every_file && return 0
  is_debian_root || explain_and_exit "not root on Debian, so nothing was installed"
  install_package
  dry_run || has_every_file || explain_and_exit "$package is installed, but its files are not there"
}

main "$@"
