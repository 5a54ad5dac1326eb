#!/usr/bin/env bash
# usage: install_check.sh BUILD_DIR
# `cmake --install` into a temporary DESTDIR with prefix /usr, as a Debian package lays it
# out; checks every file is where it belongs and that the installed candor-cli runs: its
# help, then db init and db check on a fresh database.
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DESTDIR="$tmp/root" cmake --install "$build" --prefix /usr >"$tmp/install.log"
r="$tmp/root/usr"
status=0
for f in bin/candor bin/candor-cli share/applications/candor.desktop share/icons/hicolor/scalable/apps/candor.svg \
         share/candor/alert-rules.json share/candor/safer-use-advice.json \
         share/candor/schemas/candor-public-alerts.schema.json share/candor/mappings/drugcheckingbc.json; do
  [ -f "$r/$f" ] || { echo "missing after install: /usr/$f" >&2; status=1; }
done
for f in bin/candor bin/candor-cli; do
  [ -x "$r/$f" ] || { echo "not executable: /usr/$f" >&2; status=1; }
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$r/share/applications/candor.desktop" || status=1
fi
grep -qx 'Exec=candor' "$r/share/applications/candor.desktop" || { echo "candor.desktop does not run candor" >&2; status=1; }
[ $status -eq 0 ] || exit 1

# Output captured first: grep -q closing the pipe early would fail the pipeline (pipefail).
help=$("$r/bin/candor-cli" --help)
grep -q '^usage: candor-cli' <<<"$help" || { echo "installed candor-cli --help printed no usage" >&2; exit 1; }
export CANDOR_DB="$tmp/candor.sqlite"
"$r/bin/candor-cli" db init
check=$("$r/bin/candor-cli" db check)
grep -q 'SQLite integrity: ok' <<<"$check" || { echo "installed candor-cli db check failed" >&2; exit 1; }
echo "install_check: $(find "$tmp/root" -type f | wc -l) files installed; candor-cli runs"
