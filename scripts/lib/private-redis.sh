# Sourced. When REDIS_URL is unset: installs Debian's redis-server if missing (as root; otherwise
# says how), starts a private one under $HUB_DATA_DIR (default ./.hub-data) and exports REDIS_URL.
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
  HUB_DATA_DIR=${HUB_DATA_DIR:-$PWD/.hub-data}
  REDIS_PORT=${HUB_REDIS_PORT:-6390}
  mkdir -p "$HUB_DATA_DIR/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "› starting a private redis-server on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$HUB_DATA_DIR/redis" \
      --pidfile "$HUB_DATA_DIR/redis/redis.pid" --logfile "$HUB_DATA_DIR/redis/redis.log" \
      --appendonly yes --maxmemory-policy noeviction >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi
