#!/usr/bin/env bash
# The README's start command (`npm start`). On a fresh machine with only Node and npm: installs pnpm
# and the workspace, builds every package, shows the core planning a sample bill, and leaves the
# Azure Marketplace emulator serving. (The hub's own API and workers arrive with apps/hub; this
# script then starts them instead, on 127.0.0.1:3000.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build --output-logs=errors-only
echo "› core demo: one bill planned into Azure dimensions"
pnpm --silent demo:core
EMULATOR_PORT=${EMULATOR_PORT:-4010}
echo "› serving the Azure Marketplace emulator on http://127.0.0.1:$EMULATOR_PORT (Ctrl-C stops it)"
exec node apps/azure-marketplace-emulator/dist/cli.js --port "$EMULATOR_PORT"
