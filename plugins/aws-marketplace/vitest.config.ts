import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The shared conditions include 'module', which sends the AWS SDK (and @smithy) to their `dist-es`
// builds: extensionless ESM imports that Node cannot load once vitest externalises them. This
// package resolves without it (Node then takes the SDK's CommonJS builds, as in production).
const conditions = ['@hub/source', 'node', 'development|production'];

export default defineConfig({
  ...sharedConfig,
  resolve: { ...sharedConfig.resolve, conditions },
  ssr: { ...sharedConfig.ssr, resolve: { ...sharedConfig.ssr?.resolve, conditions } },
  test: { ...sharedConfig.test, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
