#!/bin/sh
# bench-idle.sh — what the desk costs while nobody touches it
#
# Starts the reference platform with the demo county, opens the desk on a
# virtual display of its own (in Chinese, with the cairo renderer, as the
# demo does), lets it sync and settle, then reads the desk's CPU time and
# its threads' voluntary context switches (each one a wake-up) from /proc
# over a quiet window. An idle desk should cost nothing between the
# timers whose effect the user sees (the minute tick of the "剩余" labels).
#
#   tests/bench/bench-idle.sh [BUILDDIR] [SECONDS]
#
# DUBAN_IDLE_SETTLE=S waits S seconds (default 25) before measuring;
# DUBAN_IDLE_SHOT=FILE.png saves what the screen showed;
# DUBAN_IDLE_CLICK="X Y" clicks there first (xdotool), e.g. "528 28" for
# the map page of a 1280×800 window.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-$top/_build}
seconds=${2:-60}
settle=${DUBAN_IDLE_SETTLE:-25}

export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
export NO_PROXY="$no_proxy"

runtime=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$runtime"
}
trap cleanup EXIT INT TERM

n=150
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$runtime/xvfb.log" 2>&1 &
pids="$!"
i=0
while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

mkfifo "$runtime/feed.out"
"$builddir/src/feed/duban-feed" --port 0 --seed 1 >"$runtime/feed.out" &
pids="$pids $!"
read -r line <"$runtime/feed.out"
cat "$runtime/feed.out" >/dev/null &
url=${line##* }

export DISPLAY=":$n" GSK_RENDERER=cairo GTK_A11Y=none
export LANGUAGE=zh_CN:zh LANG=C.UTF-8
export DUBAN_LOCALEDIR="$builddir/po" GSETTINGS_SCHEMA_DIR="$builddir/data"
export GSETTINGS_BACKEND=memory XDG_DATA_HOME="$runtime/data" XDG_CONFIG_HOME="$runtime/config"
export XDG_CACHE_HOME="$runtime/cache"
unset DBUS_SESSION_BUS_ADDRESS

"$builddir/src/app/duban" --feed "$url" --db "$runtime/idle.db" >"$runtime/desk.log" 2>&1 &
desk=$!
pids="$desk $pids"

if [ -n "${DUBAN_IDLE_CLICK:-}" ]; then
  sleep 8
  # shellcheck disable=SC2086
  xdotool mousemove $DUBAN_IDLE_CLICK click 1
fi
sleep "$settle"
if ! kill -0 "$desk" 2>/dev/null; then
  echo "bench-idle: the desk ended early:" >&2
  cat "$runtime/desk.log" >&2
  exit 1
fi

ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$desk/stat"; }
switches() {
  cat /proc/"$desk"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'
}

c0=$(cpu); w0=$(switches); t0=$(date +%s.%N)
sleep "$seconds"
c1=$(cpu); w1=$(switches); t1=$(date +%s.%N)

awk -v c0="$c0" -v c1="$c1" -v w0="$w0" -v w1="$w1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
    -v settle="$settle" -v threads="$(ls /proc/$desk/task | wc -l)" 'BEGIN {
  wall = t1 - t0; cpu = (c1 - c0) / hz;
  printf "bench-idle: the desk idle %.1f s (after %d s to settle): CPU %.2f s = %.2f%% of a core; %d wake-ups (%.1f/s) over %d threads\n",
         wall, settle, cpu, 100 * cpu / wall, w1 - w0, (w1 - w0) / wall, threads
}'
if [ -n "${DUBAN_IDLE_SHOT:-}" ]; then
  import -display ":$n" -window root "$DUBAN_IDLE_SHOT"
fi
