# Shared by the GUI tests (sourced): an Xvfb of their own, the real candor in it, and
# waits that are conditions with a timeout, never a fixed sleep. The timeouts only bound
# how long a broken run hangs; nothing is asserted on how long anything took.
# Needs: $work (a scratch folder) and $out (the screenshots folder) set by the caller.

# fail MESSAGE: says what went wrong, shows the app's log, and stops the test.
fail() {
  echo "FAIL: $*"
  # What the screen showed when it failed, for a person to look at.
  [ -n "${DISPLAY:-}" ] && [ -n "${out:-}" ] && import -window root "$out/FAIL.png" 2>/dev/null
  # The log without the item dumps of the test hook, which would bury what matters.
  [ -f "$work/app.log" ] && { echo "--- app log"; grep -v '^candor.ui: item ' "$work/app.log"; }
  exit 1
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 50 ms until it succeeds; fails the
# test, naming WHAT, when SECONDS pass first.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for: $what"
    sleep 0.05
  done
}

# start_xvfb: a server on a display number it picks itself (-displayfd), ready when it
# has written that number; exports DISPLAY.
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  wait_for 60 "Xvfb to write its display number" grep -q '[0-9]' "$work/display"
  DISPLAY=":$(tr -dc 0-9 <"$work/display")"
  export DISPLAY
}

# start_candor ARGS...: the real app with every UI and dialog event logged, then its
# window, mapped, with the keyboard (there is no window manager to give it).
start_candor() {
  unset QT_QPA_PLATFORM CANDOR_DB
  CANDOR_UI_TEST_HOOK=1 QT_LOGGING_RULES="candor.ui.info=true" "$candor" --no-dialogs "$@" >"$work/app.log" 2>&1 &
  app=$!
  win=""
  find_window() { win=$(xdotool search --onlyvisible --class candor 2>/dev/null | head -1) && [ -n "$win" ]; }
  wait_for 60 "the candor window to be mapped" find_window
  xdotool windowfocus "$win"
  has_focus() { [ "$(xdotool getwindowfocus 2>/dev/null)" = "$win" ]; }
  wait_for 30 "the candor window to have the keyboard" has_focus
}

alive() { kill -0 "$app" 2>/dev/null; }
check_alive() { alive || fail "candor exited ($*)"; }

# mark: the log's line count now; logged_since MARK TEXT: TEXT in a line logged after MARK.
mark() { wc -l <"$work/app.log"; }
logged_since() { tail -n +"$(($1 + 1))" "$work/app.log" | grep -qF -- "$2"; }
# wait_logged MARK TEXT: waits for candor to log TEXT after MARK (or to die: then fails).
wait_logged() {
  local since=$1 text=$2
  logged_or_dead() { logged_since "$since" "$text" || ! alive; }
  wait_for 60 "candor to log '$text'" logged_or_dead
  check_alive "while waiting for '$text'"
}

# locate NAME: prints the centre "X Y" of the first shown item called NAME, from the
# app's test hook (CANDOR_UI_TEST_HOOK, set by start_candor): Ctrl+Shift+F12 makes candor
# log "item NAME at X Y W H" for every shown named item. Prints nothing when none shows.
locate() {
  local m line deadline=$((SECONDS + 30))
  logged_located() { logged_since "$m" "items located" || ! alive; }
  # A page just shown may still be building its items (a Loader, a StackView transition):
  # ask again until the item is there, or 30 s have passed.
  while :; do
    m=$(mark)
    xdotool key ctrl+shift+F12
    wait_for 30 "candor to log its items" logged_located
    line=$(tail -n +"$((m + 1))" "$work/app.log" | grep -m1 -F "item $1 at ") && break
    alive && [ "$SECONDS" -lt "$deadline" ] || return 0
  done
  set -- $(echo "$line" | sed 's/.* at //')
  echo "$(($1 + $3 / 2)) $(($2 + $4 / 2))"
}

# locate_once NAME: as locate, from one dump of the items, without waiting for NAME.
locate_once() {
  local m line
  logged_located() { logged_since "$m" "items located" || ! alive; }
  m=$(mark)
  xdotool key ctrl+shift+F12
  wait_for 30 "candor to log its items" logged_located
  line=$(tail -n +"$((m + 1))" "$work/app.log" | grep -m1 -F "item $1 at ") || return 0
  set -- $(echo "$line" | sed 's/.* at //')
  echo "$(($1 + $3 / 2)) $(($2 + $4 / 2))"
}
shown() { [ -n "$(locate_once "$1")" ]; }

window_size() { xdotool getwindowgeometry --shell "$win" | grep -E '^(WIDTH|HEIGHT)=' | cut -d= -f2 | tr '\n' ' '; }

# scroll_to NAME [X]: turns the mouse wheel over the page (at X, by default near the
# window's right edge, where the page's own scroll bar is) until the shown item NAME is
# inside the window, clear of its top bar; fails when it never comes into view.
scroll_to() {
  local name=$1 x_arg=${2:-} xy size x y tries=0
  size=$(window_size)
  set -- $size
  local w=$1 h=$2
  x=${x_arg:-$((w - 12))}
  while :; do
    xy=$(locate "$name")
    [ -n "$xy" ] || fail "no shown item called $name to scroll to"
    set -- $xy
    y=$2
    if [ "$y" -ge 70 ] && [ "$y" -le $((h - 60)) ]; then return 0; fi
    tries=$((tries + 1))
    [ "$tries" -le 60 ] || fail "$name stayed out of view (y=$y in a window $h high) after 60 wheel turns"
    if [ "$y" -gt $((h - 60)) ]; then
      xdotool mousemove --window "$win" "$x" $((h / 2)) click 5
    else
      xdotool mousemove --window "$win" "$x" $((h / 2)) click 4
    fi
  done
}

# click_item NAME: a left click in the middle of the shown item NAME (found, not measured).
click_item() {
  local xy
  xy=$(locate "$1")
  [ -n "$xy" ] || fail "no shown item called $1"
  # An item scrolled out of the window would take the click elsewhere and the test would
  # only time out later: say so now.
  local size
  size=$(xdotool getwindowgeometry --shell "$win" | grep -E '^(WIDTH|HEIGHT)=' | cut -d= -f2 | tr '\n' ' ')
  # shellcheck disable=SC2086
  set -- $xy $size
  if [ "$1" -ge "$3" ] || [ "$2" -ge "$4" ]; then
    fail "item at $1,$2 is outside the ${3}x${4} window: scrolled out of view"
  fi
  # shellcheck disable=SC2086
  xdotool mousemove --window "$win" $xy click 1
}

title() { xdotool getwindowname "$win"; }
title_has() { title | grep -qF -- "$1"; }

# shot NAME: the whole screen as $out/NAME.png, for a person to look at.
shot() { import -window root "$out/$1.png"; }

# On exit: ends the app and the server (wait says 143 for a process ended by TERM; under
# set -e a bare failing command here would skip the rest and leave Xvfb running).
cleanup() {
  local status=$?
  set +e
  if [ -n "${app:-}" ]; then kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; fi
  if [ -n "${xvfb:-}" ]; then kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; fi
  rm -rf "$work"
  exit "$status"
}
