# Sourced. Helpers for scripts that run long-lived children and must stop them when they stop.
#
# spawn_owned CMD...   starts CMD in the background and sets SPAWNED_PID. The child gets a session of
#                      its own (setsid), so a Ctrl-C or a SIGTERM sent to the terminal's process group
#                      reaches only this script, which passes it on exactly once (a second signal
#                      makes the hub skip its graceful close). Where util-linux's setpriv is available
#                      the child also gets a parent-death signal (SIGTERM), so it stops even when this
#                      script is killed outright (SIGKILL). File descriptor 9 (private-redis.sh's
#                      lock on the data directory) is not passed on.
# run_supervised CMD...  spawn_owned CMD, forward the first INT/TERM/HUP this script receives to it,
#                      wait until it has exited, and return its exit status. Restores the INT/TERM/HUP
#                      traps that were set before (private-redis.sh sets ones that exit and so run
#                      the EXIT trap).

if [ -z "${_HUB_SPAWN_MODE:-}" ]; then
  if command -v setsid >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1 &&
    setpriv --help 2>&1 | grep -q -- --pdeathsig; then
    _HUB_SPAWN_MODE=setpriv
  elif command -v setsid >/dev/null 2>&1; then
    _HUB_SPAWN_MODE=setsid
  else
    _HUB_SPAWN_MODE=plain
  fi
fi

spawn_owned() {
  # A child of a non-interactive shell is never a process-group leader, so setsid(1) does not fork
  # and $! is the command's own pid.
  case "$_HUB_SPAWN_MODE" in
  setpriv) setpriv --pdeathsig TERM setsid "$@" 9>&- & ;;
  setsid) setsid "$@" 9>&- & ;;
  *) "$@" 9>&- & ;;
  esac
  SPAWNED_PID=$!
}

_supervised_forward() {
  if [ -z "$SUPERVISED_SIGNAL" ]; then
    SUPERVISED_SIGNAL=$1
    kill -s "$1" "$SUPERVISED_PID" 2>/dev/null || true
  fi
}

run_supervised() {
  local saved_traps rc
  saved_traps=$(trap -p INT TERM HUP)
  SUPERVISED_SIGNAL=
  spawn_owned "$@"
  SUPERVISED_PID=$SPAWNED_PID
  trap '_supervised_forward INT' INT
  trap '_supervised_forward TERM' TERM
  trap '_supervised_forward HUP' HUP
  # `wait` returns early when a trapped signal arrives; keep waiting until the child has really gone.
  while :; do
    rc=0
    wait "$SUPERVISED_PID" || rc=$?
    kill -0 "$SUPERVISED_PID" 2>/dev/null || break
  done
  trap - INT TERM HUP
  eval "$saved_traps"
  return "$rc"
}
