#!/usr/bin/env bash
# Starts the real candor executable in its own Xvfb, creates the first account through
# the window, takes in a sample with the keyboard, and checks with candor-cli that the
# sample was stored by that user. Leaves screenshots in $OUT for a person to look at.
# Usage: gui_smoke.sh CANDOR CANDOR_CLI OUT_DIR
set -euo pipefail
candor=$1 cli=$2 out=$3
mkdir -p "$out"
work=$(mktemp -d)
display=":$((100 + RANDOM % 800))"
cleanup() {
  [ -n "${app:-}" ] && kill "$app" 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

unset QT_QPA_PLATFORM CANDOR_DB
"$candor" --db "$work/candor.sqlite" --no-dialogs >"$work/app.log" 2>&1 &
app=$!
win=""
for _ in $(seq 100); do
  win=$(xdotool search --onlyvisible --class candor 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  sleep 0.1
done
[ -n "$win" ] || { echo "FAIL: no candor window appeared"; cat "$work/app.log"; exit 1; }
sleep 0.5
# No window manager: give the window the keyboard ourselves.
xdotool windowfocus "$win"
shot() { import -window root "$out/$1.png"; }
title() { xdotool getwindowname "$win"; }

shot 1-first-account
xdotool type --delay 15 "ada"; xdotool key Return
xdotool type --delay 15 "Ada Okafor"; xdotool key Return
xdotool type --delay 15 "correct horse"; xdotool key Return
xdotool type --delay 15 "correct horse"; xdotool key Return
for _ in $(seq 50); do title | grep -q "Ada Okafor" && break; sleep 0.1; done
title | grep -q "Ada Okafor" || { echo "FAIL: not signed in (title: $(title))"; exit 1; }
sleep 0.5; shot 2-first-run
xdotool key Return
sleep 0.5; shot 3-empty-list
xdotool key ctrl+n; sleep 0.7
xdotool type --delay 15 "down"
xdotool key Tab; xdotool key Tab; xdotool type --delay 15 "purple"
xdotool key ctrl+Return; sleep 1
shot 4-new-sample
xdotool key ctrl+l; sleep 0.7
shot 5-list

kill -0 "$app" || { echo "FAIL: candor exited"; cat "$work/app.log"; exit 1; }
listing=$(CANDOR_PASSWORD="correct horse" "$cli" --db "$work/candor.sqlite" --user ada sample list --json)
echo "$listing" | grep -q '"sold_as": *"down"' || { echo "FAIL: sample not stored: $listing"; exit 1; }
echo "$listing" | grep -q '"colour": *"purple"' || { echo "FAIL: colour not stored: $listing"; exit 1; }
echo "$listing" | grep -q '"created_by": *"ada"' || { echo "FAIL: wrong author: $listing"; exit 1; }
echo "$listing" | grep -q '"total": *1' || { echo "FAIL: expected exactly one sample: $listing"; exit 1; }
echo "PASS: signed in as the first account, took in a sample, stored by ada; screenshots in $out"
