import { randomBytes } from 'node:crypto';
import type { BillSource } from '@hub/core';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';
import { createTestDatabase, type TestHub } from './test-hub.js';

/** `createTestHub` with bill sources loaded beside the installed plugins. */
export async function createSourceTestHub(
  sources: readonly BillSource<any, any>[],
  envOverrides: Record<string, string> = {},
): Promise<TestHub> {
  const databaseUrl = await createTestDatabase();
  const adminKey = `hub_test_admin_${randomBytes(12).toString('hex')}`;
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...envOverrides,
  });
  const runtime = await bootstrap(env, { sources });
  const app = await buildApp({ services: runtime.services });
  await app.ready();
  return {
    app,
    runtime,
    adminKey,
    databaseUrl,
    call({ key, ...options }) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (key !== null) headers.authorization = `Bearer ${key ?? adminKey}`;
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
