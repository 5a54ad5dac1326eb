#!/usr/bin/env bash
# Starts the real candor executable in its own Xvfb, creates the first account through
# the window, takes in a sample with the keyboard, and checks with candor-cli that the
# sample was stored by that user. Every wait is a condition (window mapped, page shown,
# title changed) with a timeout; see gui_lib.sh. Leaves screenshots in $OUT.
# Usage: gui_smoke.sh CANDOR CANDOR_CLI OUT_DIR
set -euo pipefail
candor=$1 cli=$2 out=$3
mkdir -p "$out"
work=$(mktemp -d)
source "$(dirname "$0")/gui_lib.sh"
trap cleanup EXIT

start_xvfb
start_candor --db "$work/candor.sqlite"
wait_logged 0 "page shown: firstUserPage"
shot 1-first-account

m=$(mark)
xdotool type --delay 15 "ada"; xdotool key Return
xdotool type --delay 15 "Ada Okafor"; xdotool key Return
xdotool type --delay 15 "correct horse"; xdotool key Return
xdotool type --delay 15 "correct horse"; xdotool key Return
wait_for 30 "the title to name Ada Okafor (title: $(title))" title_has "Ada Okafor"
wait_logged "$m" "page shown: firstRunPage"
shot 2-first-run

m=$(mark)
xdotool key Return
wait_logged "$m" "page shown: workspace"
shot 3-empty-list

m=$(mark)
xdotool key ctrl+n
wait_logged "$m" "page shown: intakePage"
xdotool type --delay 15 "down"
# Form has no preselection: "po" picks powder (type-ahead on the whole prefix).
xdotool key Tab; xdotool type --delay 15 "po"; xdotool key Tab; xdotool type --delay 15 "purple"
m=$(mark)
xdotool key ctrl+Return
wait_logged "$m" "page shown: samplePage"
shot 4-new-sample
m=$(mark)
xdotool key ctrl+l
wait_logged "$m" "page shown: samplesPage"
shot 5-list

check_alive "after taking in a sample"
listing=$(CANDOR_PASSWORD="correct horse" "$cli" --db "$work/candor.sqlite" --user ada sample list --json)
echo "$listing" | grep -q '"sold_as": *"down"' || fail "sample not stored: $listing"
echo "$listing" | grep -q '"colour": *"purple"' || fail "colour not stored: $listing"
echo "$listing" | grep -q '"created_by": *"ada"' || fail "wrong author: $listing"
echo "$listing" | grep -q '"total": *1' || fail "expected exactly one sample: $listing"
echo "PASS: signed in as the first account, took in a sample, stored by ada; screenshots in $out"
