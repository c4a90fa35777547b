# Sourced (after scripts/lib/supervise.sh). When REDIS_URL is unset: installs Debian's redis-server if
# missing (as root; otherwise says how), starts a redis-server that belongs to this data directory,
# $HUB_DATA_DIR (default ./.hub-data), and exports REDIS_URL.
#
# That redis-server is this script's child, never a daemon, and never shared:
# - it runs in the foreground under $HUB_DATA_DIR/redis (data, redis.pid, redis.log, and a Unix socket
#   redis.sock), on a free TCP port of 127.0.0.1 chosen at start (HUB_REDIS_PORT to pin one; a port
#   that is taken is an error, never a reason to use whoever holds it);
# - it is stopped, and waited for, when this script exits: the EXIT trap set here calls
#   private_redis_stop, and INT/TERM/HUP traps make the script exit. A caller that sets its own EXIT
#   trap must call private_redis_stop from it. With setpriv (util-linux) it also dies with this script
#   on a SIGKILL;
# - one script at a time owns a data directory: a lock on $HUB_DATA_DIR/redis/supervisor.lock (fd 9)
#   makes a second `npm start` on the same directory stop with a message instead of sharing;
# - a redis-server left behind by an older run of this data directory (its pid in redis.pid, its
#   working directory this one) is stopped before the new one starts.
#
# Sets PRIVATE_REDIS_PID and PRIVATE_REDIS_SOCKET (empty when the path is too long for a socket).
if [ -z "${REDIS_URL:-}" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      echo "› installing redis-server (Debian package)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "redis-server is missing: run 'sudo apt-get install -y redis-server' or set REDIS_URL" >&2
      exit 1
    fi
  fi
  if ! declare -F spawn_owned >/dev/null; then
    source "$(dirname "${BASH_SOURCE[0]}")/supervise.sh"
  fi

  HUB_DATA_DIR=${HUB_DATA_DIR:-$PWD/.hub-data}
  _redis_dir="$HUB_DATA_DIR/redis"
  mkdir -p "$_redis_dir"
  _redis_dir=$(cd "$_redis_dir" && pwd -P)

  # Is pid a live process (not a zombie)?
  _pid_alive() {
    local state
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    [ -r "/proc/$1/stat" ] || return 0
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ]
  }

  private_redis_stop() {
    local pid=${PRIVATE_REDIS_PID:-}
    PRIVATE_REDIS_PID=
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
    [ -z "${PRIVATE_REDIS_SOCKET:-}" ] || rm -f "$PRIVATE_REDIS_SOCKET"
  }

  if command -v flock >/dev/null 2>&1; then
    exec 9>"$_redis_dir/supervisor.lock"
    if ! flock -n 9; then
      echo "another npm start (or demo) is already running on $HUB_DATA_DIR; stop it first, or set HUB_DATA_DIR (or REDIS_URL)" >&2
      exit 1
    fi
  fi

  # A redis-server of this data directory that outlived its script (an older version of this script
  # daemonized it; a SIGKILL without setpriv leaves it): nobody holds the lock, so it is an orphan.
  _old_pid=$(cat "$_redis_dir/redis.pid" 2>/dev/null || true)
  if _pid_alive "$_old_pid" && [ "$(readlink "/proc/$_old_pid/cwd" 2>/dev/null)" = "$_redis_dir" ] &&
    [ "$(cat "/proc/$_old_pid/comm" 2>/dev/null)" = "redis-server" ]; then
    echo "› stopping the redis-server (pid $_old_pid) left behind by an earlier run on $HUB_DATA_DIR"
    kill -TERM "$_old_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do _pid_alive "$_old_pid" || break; sleep 0.1; done
    if _pid_alive "$_old_pid"; then kill -KILL "$_old_pid" 2>/dev/null || true; fi
  fi
  rm -f "$_redis_dir/redis.pid" "$_redis_dir/redis.sock"

  PRIVATE_REDIS_SOCKET="$_redis_dir/redis.sock"
  # sun_path holds 107 bytes; a longer path would stop redis-server from starting.
  [ "${#PRIVATE_REDIS_SOCKET}" -le 100 ] || PRIVATE_REDIS_SOCKET=
  PRIVATE_REDIS_PID=
  trap 'private_redis_stop' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  _redis_started=
  for _attempt in 1 2 3 4 5; do
    if [ -n "${HUB_REDIS_PORT:-}" ]; then
      _redis_port=$HUB_REDIS_PORT
    else
      _redis_port=$(node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})')
    fi
    spawn_owned redis-server --port "$_redis_port" --bind 127.0.0.1 --daemonize no \
      ${PRIVATE_REDIS_SOCKET:+--unixsocket "$PRIVATE_REDIS_SOCKET" --unixsocketperm 700} \
      --dir "$_redis_dir" --pidfile "$_redis_dir/redis.pid" --logfile "$_redis_dir/redis.log" \
      --appendonly yes --maxmemory-policy noeviction >/dev/null
    PRIVATE_REDIS_PID=$SPAWNED_PID
    # Ready when the server on that port says it is this child (and so not someone else's).
    for _ in $(seq 1 600); do
      if redis-cli -h 127.0.0.1 -p "$_redis_port" info server 2>/dev/null | tr -d '\r' |
        grep -qx "process_id:$PRIVATE_REDIS_PID"; then
        _redis_started=1
        break
      fi
      kill -0 "$PRIVATE_REDIS_PID" 2>/dev/null || break
      sleep 0.05
    done
    [ -z "$_redis_started" ] || break
    private_redis_stop
    [ -z "${HUB_REDIS_PORT:-}" ] || break
  done
  if [ -z "$_redis_started" ]; then
    echo "could not start a private redis-server on 127.0.0.1:$_redis_port; see $_redis_dir/redis.log:" >&2
    tail -n 5 "$_redis_dir/redis.log" >&2 || true
    exit 1
  fi
  echo "› private redis-server (pid $PRIVATE_REDIS_PID) on 127.0.0.1:$_redis_port, data in $_redis_dir"
  export REDIS_URL="redis://127.0.0.1:$_redis_port"
fi
