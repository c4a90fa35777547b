#!/usr/bin/env bash
# `pnpm demo` / `npm run demo`: installs what it needs, starts a private redis-server, and runs the
# end-to-end demo (apps/hub/demo/demo.ts) against the Azure emulator with embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh
pnpm install --frozen-lockfile >/dev/null
source scripts/lib/private-redis.sh
cd apps/hub && exec node --conditions=@hub/source --import tsx demo/demo.ts
