#!/usr/bin/env bash
# `pnpm demo` / `npm run demo`: installs what it needs, starts a private redis-server of its own (in a
# temporary directory, stopped and removed when the demo ends), and runs the end-to-end demo
# (apps/hub/demo/demo.ts) against the Azure emulator with embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh
source scripts/lib/supervise.sh
pnpm install --frozen-lockfile >/dev/null
if [ -z "${REDIS_URL:-}" ]; then
  demo_redis_dir=$(mktemp -d "${TMPDIR:-/tmp}/hub-demo-redis.XXXXXX")
  HUB_DATA_DIR=$demo_redis_dir
  source scripts/lib/private-redis.sh
  trap 'private_redis_stop; rm -rf "$demo_redis_dir"' EXIT
fi
cd apps/hub
status=0
run_supervised node --conditions=@hub/source --import tsx demo/demo.ts || status=$?
exit "$status"
