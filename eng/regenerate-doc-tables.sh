#!/usr/bin/env bash
# Rewrites every generated section of the docs (<!-- generated: ... --> ... <!-- end generated -->) from the recorded
# runs under docs/runs/. With --check it only lists the stale ones and exits 1 if there are any.
# tests/MultiLoss.Docs.Tests fails while a doc differs from what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project eng/DocTables/DocTables.csproj -c Release -- "$@" "$PWD"
