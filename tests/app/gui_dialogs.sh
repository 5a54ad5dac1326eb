#!/usr/bin/env bash
# Opens and closes every dialog of the real candor executable in its own Xvfb: import
# files (sample page), import folder (Library, as admin), export site and its folder
# (Alerts), backup folder (Settings), and saves a result slip through its save dialog
# (the name it suggests, in HOME, which is the work folder here). After each: the dialog said it opened and closed,
# the app is alive, a screenshot is in OUT_DIR. Then again with a broken
# Qt.labs.folderlistmodel first on QML_IMPORT_PATH (BROKEN_QML_DIR): each file or folder
# dialog is a message instead, and the app goes on. Every wait is a condition with a
# timeout (gui_lib.sh).
# Usage: gui_dialogs.sh CANDOR CANDOR_CLI OUT_DIR BROKEN_QML_DIR
set -euo pipefail
candor=$1 cli=$2 out=$3 broken_qml=$4
mkdir -p "$out"
rm -f "$out"/*.png
work=$(mktemp -d)
source "$(dirname "$0")/gui_lib.sh"
trap cleanup EXIT

db=$work/candor.sqlite
as() { local who=$1 password=$2; shift 2; CANDOR_PASSWORD=$password "$cli" --db "$db" --user "$who" "$@"; }
# ada runs the service (admin, coordinator, technician); tess takes samples in; vera verifies.
CANDOR_PASSWORD="correct horse" "$cli" --db "$db" user add ada --role admin,coordinator,technician >/dev/null
CANDOR_NEW_PASSWORD="battery staple" as ada "correct horse" user add tess --role technician >/dev/null
CANDOR_NEW_PASSWORD="vera secret 1" as ada "correct horse" user add vera --role verifier >/dev/null
verified=$(as tess "battery staple" sample add --sold-as coke --form powder --json | sed -n 's/.*"public_code": *"\([^"]*\)".*/\1/p' | head -1)
[ -n "$verified" ] || fail "could not take in a sample with candor-cli"
as tess "battery staple" finding set "$verified" --component "cocaine hcl:primary" --technique ftir >/dev/null
as tess "battery staple" submit "$verified" >/dev/null
as vera "vera secret 1" verify "$verified" >/dev/null
as tess "battery staple" sample add --sold-as down --form powder >/dev/null

start_xvfb

# Controls, and the sample list's rows (sampleRow0, sampleRow1, ...), are found by
# objectName through the app's test hook (click_item, gui_lib.sh), not measured.

sign_in() {
  wait_logged 0 "page shown: signInPage"
  local m
  m=$(mark)
  xdotool type --delay 15 "ada"; xdotool key Return
  xdotool type --delay 15 "correct horse"; xdotool key Return
  wait_logged "$m" "page shown: workspace"
}

# open_and_close NAME TITLE ITEM|KEYS: clicks the item called ITEM (or presses KEYS, e.g.
# ctrl+o), waits for the dialog TITLE to open, takes a screenshot NAME, closes it with
# Escape and waits for it to close.
open_and_close() {
  local name=$1 title=$2 what=$3 m
  m=$(mark)
  case $what in
    *+*) xdotool key "$what" ;;
    *) click_item "$what" ;;
  esac
  wait_logged "$m" "opened \"$title\""
  shot "$name"
  m=$(mark)
  xdotool key Escape
  wait_logged "$m" "closed \"$title\""
  check_alive "after closing \"$title\""
}

# show PAGE BUTTON: clicks the toolbar button called BUTTON and waits for PAGE.
show() {
  local page=$1 m
  m=$(mark)
  click_item "$2"
  wait_logged "$m" "page shown: $page"
}

echo "--- every dialog, with Qt's dialog modules in place"
HOME=$work start_candor --db "$db"
sign_in
shot 0-samples

# The open sample (newest, first in the list): import files.
m=$(mark)
click_item sampleRow0
wait_logged "$m" "page shown: samplePage"
open_and_close 1-import-files "Import instrument files" ctrl+o

# The verified sample (second in the list): the result slip, saved where the dialog says
# (its suggestion: <code>.pdf in HOME, as there is no Documents folder here).
m=$(mark)
xdotool key ctrl+l
wait_logged "$m" "page shown: samplesPage"
m=$(mark)
click_item sampleRow1
wait_logged "$m" "page shown: samplePage"
m=$(mark)
click_item slipButton
wait_logged "$m" "opened \"Save the result slip\""
shot 2-slip-save-dialog
# Qt's own dialog names its file name field (not its buttons): from there, Tab, Tab is its
# accept button, so the suggested name is taken.
click_item fileNameTextField
m=$(mark)
xdotool key Tab Tab space
wait_logged "$m" "closed \"Save the result slip\""
wait_for 60 "the slip PDF of $verified" test -s "$work/$verified.pdf"
check_alive "after saving the slip"
shot 2-slip-saved

show libraryPage libraryButton
open_and_close 3-import-folder "Import a folder of reference spectra" ctrl+o

show alertsPage alertsButton
shot 4-alerts-page
m=$(mark)
click_item exportSiteButton
wait_logged "$m" "opened \"Export the community site\""
shot 4-export-site-dialog
open_and_close 5-export-folder "Folder for the community site" chooseExportFolderButton
m=$(mark)
xdotool key Escape
wait_logged "$m" "closed \"Export the community site\""
check_alive "after closing the export dialog"

show settingsPage settingsButton
shot 6-settings-page
open_and_close 6-backup-folder "Folder for the daily backups" chooseBackupFolderButton
kill "$app"
wait "$app" 2>/dev/null || true
app=""

echo "--- a broken Qt.labs.folderlistmodel: each file or folder dialog says so, the app goes on"
mv "$work/app.log" "$work/app-first.log"
QML_IMPORT_PATH=$broken_qml start_candor --db "$db"
sign_in
show libraryPage libraryButton
m=$(mark)
xdotool key ctrl+o
wait_logged "$m" "could not open \"Import a folder of reference spectra\""
wait_logged "$m" "opened \"Cannot open this dialog\""
logged_since "$m" 'module "Candor.ModuleThatIsNotInstalled" is not installed' || fail "the message does not name the missing module"
logged_since "$m" "run scripts/deps" || fail "the message does not say to run scripts/deps"
shot 7-broken-import-folder
m=$(mark)
xdotool key Escape
wait_logged "$m" "closed \"Cannot open this dialog\""
check_alive "after the message about the import folder dialog"

m=$(mark)
xdotool key ctrl+l
wait_logged "$m" "page shown: samplesPage"
m=$(mark)
click_item sampleRow0
wait_logged "$m" "page shown: samplePage"
m=$(mark)
xdotool key ctrl+o
wait_logged "$m" "could not open \"Import instrument files\""
wait_logged "$m" "opened \"Cannot open this dialog\""
shot 8-broken-import-files
m=$(mark)
xdotool key Escape
wait_logged "$m" "closed \"Cannot open this dialog\""
check_alive "after the message about the import files dialog"
grep -q "Failed to load non-native" "$work/app.log" && fail "Qt tried to open a dialog that cannot load"
echo "PASS: opened and closed import files, import folder, export site, its folder and the backup folder dialogs," \
  "saved a slip; with a broken module each dialog was a message and candor went on; screenshots in $out"
