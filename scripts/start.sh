#!/usr/bin/env bash
# The README's start command (`npm start`). On a fresh machine with only Node and npm: installs pnpm
# and the workspace, builds, migrates, starts a private redis-server when REDIS_URL is unset, uses
# embedded PostgreSQL (PGlite, in ./.hub-data) when DATABASE_URL is unset, prints a dev admin key,
# and serves the API and workers on 127.0.0.1:3000 (PORT/HOST to change).
#
# The private redis-server belongs to this run and this data directory (scripts/lib/private-redis.sh):
# this script stays in charge of it and of the hub (no `exec`). Ctrl-C or SIGTERM (to this script or
# its process group) is passed to the hub once; when the hub has closed, redis-server is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh
source scripts/lib/supervise.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build --filter @hub/app... --output-logs=errors-only

export HUB_DATA_DIR=${HUB_DATA_DIR:-$PWD/.hub-data}
mkdir -p "$HUB_DATA_DIR"

source scripts/lib/private-redis.sh

node apps/hub/dist/main.js migrate
status=0
run_supervised node apps/hub/dist/main.js serve || status=$?
exit "$status"
