#!/usr/bin/env bash
# The README's start command (`npm start`). On a fresh machine with only Node and npm: installs pnpm
# and the workspace, builds, migrates, starts a private redis-server when REDIS_URL is unset, uses
# embedded PostgreSQL (PGlite, in ./.hub-data) when DATABASE_URL is unset, prints a dev admin key,
# and serves the API and workers on 127.0.0.1:3000 (PORT/HOST to change).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build --filter @hub/app... --output-logs=errors-only

export HUB_DATA_DIR=${HUB_DATA_DIR:-$PWD/.hub-data}
mkdir -p "$HUB_DATA_DIR"

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

node apps/hub/dist/main.js migrate
exec node apps/hub/dist/main.js serve
