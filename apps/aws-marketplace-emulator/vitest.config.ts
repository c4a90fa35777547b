import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The shared conditions list 'module' before 'node'; the AWS SDK's exports map 'module' to its
// dist-es build, whose extensionless imports Node cannot load. mergeConfig would concatenate the
// arrays, so the conditions are replaced here instead: the SDK then resolves to dist-cjs.
const conditions = ['@hub/source', 'node', 'development|production'];

export default defineConfig({
  ...sharedConfig,
  resolve: { ...sharedConfig.resolve, conditions },
  ssr: { ...sharedConfig.ssr, resolve: { ...sharedConfig.ssr?.resolve, conditions } },
  test: { ...sharedConfig.test, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
