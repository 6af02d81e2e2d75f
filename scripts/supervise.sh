#!/usr/bin/env bash
# Run a command, and run it again whenever it exits, after a short backoff (1 s, doubling up to
# SUPERVISE_MAX_DELAY, 30 s by default; back to 1 s after a run of a minute or more).
# Ctrl-C or SIGTERM stops it: the command gets SIGTERM (a Celery worker's warm shutdown) and is
# not started again.
#
#   scripts/supervise.sh .venv/bin/celery -A cspeval worker --loglevel=info
#
# `make worker` and `make beat` use it. In production let systemd or Docker restart the
# process instead (README: "Running on PostgreSQL, Redis and real workers").
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

max_delay=${SUPERVISE_MAX_DELAY:-30}
delay=1
child=""
stopped=""

stop() {
  stopped=$1
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
  fi
}
trap 'stop 130' INT
trap 'stop 143' TERM

while :; do
  started=$(date +%s)
  # In the background, so that a signal reaches the trap at once; keep this terminal's stdin.
  "$@" <&0 &
  child=$!
  # A signal trapped between the fork and the line above found no child to stop: stop it now.
  [ -n "$stopped" ] && kill -TERM "$child" 2>/dev/null
  wait "$child"
  status=$?
  # A trapped signal ends `wait` early: wait on until the command has finished its shutdown.
  while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    status=$?
  done
  child=""
  [ -n "$stopped" ] && exit "$stopped"

  ran=$(($(date +%s) - started))
  [ "$ran" -ge 60 ] && delay=1
  echo "supervise: '$*' exited with status $status after $ran s; starting it again in $delay s (Ctrl-C stops)" >&2
  sleep "$delay" &
  child=$!
  [ -n "$stopped" ] && kill -TERM "$child" 2>/dev/null
  wait "$child" # Ctrl-C ends the wait (and the trap the sleep)
  child=""
  [ -n "$stopped" ] && exit "$stopped"
  delay=$((delay * 2 > max_delay ? max_delay : delay * 2))
done
