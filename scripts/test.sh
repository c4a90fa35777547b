#!/usr/bin/env bash
# The README's test command (`npm test`): on a fresh machine with only Node and npm it installs
# pnpm and the workspace, then builds, type-checks, lints and tests every package, and ends with one
# line `N passed, M failed` computed from the test runner's JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

source scripts/lib/ensure-services.sh
pnpm install --frozen-lockfile || exit 1

rm -rf packages/*/.test-report plugins/*/.test-report apps/*/.test-report
status=0
HUB_TEST_REPORT=1 pnpm exec turbo run build typecheck test --continue || status=1
pnpm exec biome ci . || { echo "lint failed (biome ci)"; status=1; }
node scripts/lib/count-tests.mjs || status=1
exit $status
