import { defineConfig } from 'vitest/config';

// Vite's own defaults after ours, less two: never 'import' or 'require', which would leak into Node's
// resolution of dependencies (pg would then require pg-pool's ESM build), and not 'module', which sends
// the AWS SDK (and @smithy) to their `dist-es` builds, extensionless ESM that Node cannot load once
// vitest externalises them; without it Node takes their CommonJS builds, as in production.
const conditions = ['@hub/source', 'node', 'development|production'];

/**
 * Shared by every package's vitest config.
 * - Workspace packages export their TypeScript sources under the `@hub/source` condition, so tests
 *   run against source without a build step and never against a stale `dist/`.
 * - With HUB_TEST_REPORT=1 (set by scripts/test.sh) each package also writes a JSON report to
 *   `.test-report/vitest.json`, which the test script adds up into the `N passed, M failed` line;
 *   turbo caches that folder with the task, so a cache hit still counts its tests.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Generous: turbo runs every package's suite at once on two cores, and property tests are CPU-bound.
    testTimeout: 30_000,
    reporters: process.env.HUB_TEST_REPORT
      ? ['default', ['json', { outputFile: '.test-report/vitest.json' }]]
      : ['default'],
  },
});
