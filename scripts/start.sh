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

source scripts/lib/private-redis.sh

node apps/hub/dist/main.js migrate
exec node apps/hub/dist/main.js serve
