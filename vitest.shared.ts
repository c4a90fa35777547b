import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `@hub/source` condition, so tests
 * run against source without a build step and never against a stale `dist/`.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@hub/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@hub/source', 'import', 'node', 'default'] } },
  test: {
    reporters: process.env.HUB_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.HUB_TEST_REPORT }]]
      : ['default'],
  },
});
