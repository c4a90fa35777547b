#!/usr/bin/env bash
# The README's test command (`npm test`): on a fresh machine with only Node and npm it installs
# pnpm and the workspace, then builds, type-checks, lints and tests every package, runs the
# reliability drills, and ends with one line `N passed, M failed` computed from the JSON reports
# (each drill counts as one test). The vitest suites then run a second time under Node 24 (see
# below), and those results are counted too.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

source scripts/lib/ensure-services.sh
pnpm install --frozen-lockfile || exit 1

rm -rf .test-report packages/*/.test-report plugins/*/.test-report apps/*/.test-report
status=0
HUB_TEST_REPORT=1 pnpm exec turbo run build typecheck test --continue || status=1
pnpm exec biome ci . || { echo "lint failed (biome ci)"; status=1; }
# The console's journeys in a real browser (Playwright driving Debian's chromium) against a real hub
# and the Azure emulator, from the build above. Its report, apps/console/.test-report/playwright.json,
# is counted like the others. SKIP_BROWSER=1 leaves it out of a quick local run; CI always runs it.
if [ "${SKIP_BROWSER:-0}" != "1" ]; then
  pnpm --filter @hub/console test:browser || status=1
fi
# The reliability drills (operations.md): real processes, up to 1,000 bills per drill, about 20
# minutes for the nine on two cores (Azure, AWS and the m3ter source). SKIP_DRILLS=1 leaves them out of a quick local run; CI always runs them.
if [ "${SKIP_DRILLS:-0}" != "1" ]; then
  DRILL_REPORT="$PWD/apps/hub/.test-report/drills.json" pnpm test:reliability || status=1
fi
# The unit and e2e suites (vitest; not the drills, not build or lint) again under Node 24, the LTS
# line the Docker image runs, with Node 24's bin first on PATH, against the build above. Forced,
# since turbo's cache key does not include the Node version. Each package reports to
# .test-report/node24/vitest.json; node24-report.mjs sums them into .test-report/node24.json, which
# count-tests.mjs adds to the closing line. SKIP_NODE24=1 leaves it out of a quick local run; CI
# always runs it.
if [ "${SKIP_NODE24:-0}" != "1" ]; then
  source scripts/lib/ensure-node24.sh
  if ensure_node24; then
    node24_version=$("$NODE24_BIN/node" --version)
    echo "› the vitest suites again, on Node $node24_version"
    env -u HUB_TEST_REPORT HUB_TEST_NODE=24 PATH="$NODE24_BIN:$PATH" \
      pnpm exec turbo run test --only --force --continue \
      -- --reporter=default --reporter=json --outputFile.json=.test-report/node24/vitest.json || status=1
    node scripts/lib/node24-report.mjs "$node24_version" || status=1
  else
    node scripts/lib/node24-report.mjs --unavailable "could not fetch Node 24 from the npm registry"
    status=1
  fi
fi
node scripts/lib/count-tests.mjs || status=1
exit $status
