#!/usr/bin/env bash
# Runs a whole service with the app alone (issue 12's evidence): the real candor in its
# own Xvfb, an empty database, keyboard and pointer only. The first account (ada: admin,
# coordinator, technician) adds a verifier (vera) in Settings, takes a sample in, reads a
# fentanyl strip and corrects it, records a reagent, imports an instrument file through
# the file dialog, adds a finding from the match panel and submits; vera signs in, lands
# on her queue and verifies; ada saves the slip and opens it, drafts and publishes an
# alert, loads the demo data and removes it. candor-cli is used only at the end, to check
# what the app stored. Screenshots of every page at 1280x800 and again at 1024x700 in
# OUT_DIR. Every wait is a condition with a timeout (gui_lib.sh), never a fixed sleep.
# Usage: gui_service.sh CANDOR CANDOR_CLI SOURCE_DIR OUT_DIR
set -euo pipefail
candor=$1 cli=$2 source_dir=$3 out=$4
mkdir -p "$out"
rm -f "$out"/*.png
work=$(mktemp -d)
source "$(dirname "$0")/gui_lib.sh"
trap cleanup EXIT

db=$work/candor.sqlite
spectrum=$source_dir/tests/data/matching/cocaine-caffeine-fentanyl.jdx
# The file dialog opens in HOME; the instrument file waits there, alone of its kind.
home=$work/home
mkdir -p "$home"
cp "$spectrum" "$home/"

# There is no desktop in Xvfb to open a slip with: this stands in for xdg-open (what Qt
# calls to open a file) and records what the app asked it to open.
mkdir -p "$work/bin"
cat >"$work/bin/xdg-open" <<EOF
#!/bin/sh
printf '%s\n' "\$1" >>"$work/opened.txt"
EOF
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"

typed() { xdotool type --delay 15 "$1"; }

# show PAGE BUTTON: clicks the toolbar button BUTTON and waits for PAGE.
show() {
  local m
  m=$(mark)
  click_item "$2"
  wait_logged "$m" "page shown: $1"
}

sign_in() {
  local who=$1 password=$2 page=$3 m
  m=$(mark)
  click_item signInName
  xdotool key ctrl+a; typed "$who"; xdotool key Return
  typed "$password"; xdotool key Return
  wait_logged "$m" "page shown: $page"
}

sign_out() {
  local m
  m=$(mark)
  click_item signOutButton
  wait_logged "$m" "page shown: signInPage"
}

start_xvfb
HOME=$home start_candor --db "$db"

echo "--- the first account chooses its roles"
wait_logged 0 "page shown: firstUserPage"
shot 01-first-account
click_item firstUserName
typed "ada"; xdotool key Tab
typed "Ada Okafor"
click_item firstUserRole_coordinator
click_item firstUserPassword
typed "correct horse"; xdotool key Return
m=$(mark)
typed "correct horse"; xdotool key Return
wait_logged "$m" "page shown: firstRunPage"
shot 02-first-run
m=$(mark)
click_item startEmptyButton
wait_logged "$m" "page shown: workspace"
shot 03-empty-list

echo "--- a second account, a verifier, added in Settings"
show settingsPage settingsButton
shot 04-settings
scroll_to addPersonButton
click_item newPersonName
typed "vera"; xdotool key Tab
typed "Vera Lind"; xdotool key Tab
typed "vera secret 1"; xdotool key Tab
typed "vera secret 1"
click_item newPersonRole_verifier
click_item addPersonButton
wait_for 30 "vera to be listed in People" shown person_vera
shot 05-people

echo "--- intake"
m=$(mark)
xdotool key ctrl+n
wait_logged "$m" "page shown: intakePage"
typed "cocaine"
# No form is preselected; type-ahead takes the whole prefix ("cr" is crystal, not rock).
xdotool key Tab; typed "cr"
xdotool key Tab; typed "white"
shot 06-intake
m=$(mark)
xdotool key ctrl+Return
wait_logged "$m" "page shown: samplePage"
code=$(sqlite3 "$db" "SELECT public_code FROM samples ORDER BY rowid DESC LIMIT 1")
[ -n "$code" ] || fail "no sample stored after intake"
shot 07-sample

echo "--- a fentanyl strip, read wrong and corrected; a reagent"
count_rows() { sqlite3 "$db" "$1"; }
rows_are() { [ "$(count_rows "$1")" = "$2" ]; }
scroll_to strip_fentanyl_negative
click_item strip_fentanyl_negative
wait_for 30 "the negative fentanyl strip to be stored" rows_are "SELECT count(*) FROM strip_readings" 1
# Mis-tapped: corrected. The old reading stays, superseded by the new one.
scroll_to correctStrip
click_item correctStrip
wait_for 30 "the correction dialog" shown correctTo_positive
shot 08-correct-strip
click_item correctTo_positive
wait_for 30 "the corrected reading to supersede the first" \
  rows_are "SELECT count(*) FROM strip_readings WHERE superseded_by IS NOT NULL" 1
rows_are "SELECT result FROM strip_readings WHERE superseded_by IS NULL" positive ||
  fail "the reading in force is not the corrected positive one"
# A second tap on the same strip asks first; Cancel stores nothing.
scroll_to strip_fentanyl_negative
click_item strip_fentanyl_negative
wait_for 30 "the second-reading question" shown cancelReadingButton
shot 09-second-reading-question
click_item cancelReadingButton
not_shown() { ! shown "$1"; }
wait_for 30 "the question to close" not_shown cancelReadingButton
rows_are "SELECT count(*) FROM strip_readings" 2 || fail "a cancelled second reading was stored"

# Marquis, the reagent shown first: no change (cocaine gives none).
scroll_to recordReagent
click_item colour_no_change
click_item recordReagent
wait_for 30 "the Marquis reading to be stored" rows_are "SELECT count(*) FROM reagent_readings" 1
shot 09-reagent

echo "--- an instrument file through the import dialog"
m=$(mark)
xdotool key ctrl+o
wait_logged "$m" "opened \"Import instrument files\""
shot 10-import-dialog
# Qt's own dialog: Ctrl+L edits the path; a file's path there, then Return, opens it.
xdotool key ctrl+l
typed "$home/$(basename "$spectrum")"
m=$(mark)
xdotool key Return
wait_logged "$m" "closed \"Import instrument files\""
wait_for 60 "the instrument file to be stored" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM instrument_files\")\" = 1 ]"
shot 11-imported

echo "--- findings from the match panel, then submit"
scroll_to addPrimaryButton_cocaine_hcl
shot 12-match-panel
click_item addPrimaryButton_cocaine_hcl
wait_for 30 "cocaine to be recorded as primary" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM findings\")\" = 1 ]"
scroll_to addTraceButton_fentanyl
click_item addTraceButton_fentanyl
wait_for 30 "fentanyl to be recorded as trace" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM findings\")\" = 2 ]"
shot 13-findings
scroll_to submitButton
m=$(mark)
click_item submitButton
wait_for 30 "the sample to be submitted" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT status FROM samples WHERE public_code = '$code'\")\" = to-be-verified ]"
shot 14-submitted

echo "--- the verifier signs in and verifies"
sign_out
shot 15-sign-in
# A verifier with results waiting starts on the queue.
sign_in vera "vera secret 1" reviewPage
shot 16-verifier-start-on-queue
m=$(mark)
click_item "reviewRow_$code"
wait_logged "$m" "page shown: samplePage"
scroll_to verifyButton
click_item verifyButton
wait_for 30 "vera's verification to be stored" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT status FROM samples WHERE public_code = '$code'\")\" = verified ]"
shot 18-verified
sign_out

echo "--- the slip, saved where ada chooses and opened"
sign_in ada "correct horse" workspace
m=$(mark)
click_item sampleRow0
wait_logged "$m" "page shown: samplePage"
scroll_to slipButton
m=$(mark)
click_item slipButton
wait_logged "$m" "opened \"Save the result slip\""
shot 19-slip-save-dialog
click_item fileNameTextField
xdotool key ctrl+a
typed "slip-$code.pdf"
# Return in Qt 6.4's file name field does not accept: Tab, Tab reaches the accept button.
m=$(mark)
xdotool key Tab Tab space
wait_logged "$m" "closed \"Save the result slip\""
wait_for 60 "the slip PDF in $home" test -s "$home/slip-$code.pdf"
click_item openSlipButton
wait_for 30 "the slip to be handed to the desktop to open" grep -qsF "slip-$code.pdf" "$work/opened.txt"
shot 20-slip-saved
pdftotext "$home/slip-$code.pdf" - | grep -qi "fentanyl" || fail "the slip does not name fentanyl"

echo "--- an alert drafted from the verified result and published"
show alertsPage alertsButton
m=$(mark)
click_item refreshAlertsButton
wait_for 30 "a draft alert" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM alerts WHERE status = 'draft'\")\" -ge 1 ]"
click_item alertRow0
shot 21-alert-draft
click_item publishAlertButton
wait_for 30 "the alert to be published" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM alerts WHERE status = 'published'\")\" = 1 ]"
shot 22-alert-published

echo "--- demo data loaded and removed in Settings"
show settingsPage settingsButton
scroll_to loadDemoButton
click_item loadDemoButton
wait_for 60 "demo samples to be stored" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM samples WHERE is_demo = 1\")\" -gt 0 ]"
shot 23-demo-loaded
m=$(mark)
show samplesPage samplesButton
shot 24-samples-with-demo
show settingsPage settingsButton
scroll_to removeDemoButton
click_item removeDemoButton
wait_for 30 "the removal dialog" shown removeDemoPreview
shot 25-remove-demo-dialog
click_item confirmRemoveDemoButton
wait_for 60 "demo samples to be removed" \
  sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM samples WHERE is_demo = 1\")\" = 0 ]"
shot 26-demo-removed

echo "--- every page again at 1024x700"
xdotool windowsize "$win" 1024 700
small() { import -window root -crop 1024x700+0+0 +repage "$out/$1.png"; }
show samplesPage samplesButton; small 31-small-samples
m=$(mark); click_item sampleRow0; wait_logged "$m" "page shown: samplePage"; small 32-small-sample
scroll_to addTraceButton_fentanyl; small 33-small-match
m=$(mark); xdotool key ctrl+n; wait_logged "$m" "page shown: intakePage"; small 34-small-intake
show alertsPage alertsButton; small 35-small-alerts
show libraryPage libraryButton; small 36-small-library
show settingsPage settingsButton; small 37-small-settings
sign_out; small 38-small-sign-in
sign_in vera "vera secret 1" workspace; small 39-small-verifier-empty-queue
check_alive "at the end"

echo "--- what the app stored, read back with candor-cli"
as() { local who=$1 password=$2; shift 2; CANDOR_PASSWORD=$password "$cli" --db "$db" --user "$who" "$@"; }
shown_sample=$(as ada "correct horse" --json sample show "$code")
echo "$shown_sample" | grep -q '"status": *"verified"' || fail "sample $code is not verified: $shown_sample"
users=$(as ada "correct horse" --json user list)
echo "$users" | grep -q '"vera"' || fail "vera is not an account: $users"
[ "$(sqlite3 "$db" "SELECT count(*) FROM samples")" = 1 ] || fail "expected only $code after removing the demo data"
as ada "correct horse" db check >/dev/null || fail "db check failed after the whole run"
echo "PASS: a service run from an empty database with the app alone; screenshots in $out"
