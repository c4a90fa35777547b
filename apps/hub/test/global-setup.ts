import { startPostgres, startRedis } from '@hub/test-services';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresPort: number;
    redisUrl: string;
  }
}

/**
 * One throwaway PostgreSQL cluster and one redis-server for the whole run, started from the
 * machine's binaries. A migrated template database lets each test file clone its own in ~0.2 s.
 */
export default async function setup(project: TestProject) {
  const postgres = await startPostgres();
  const redis = await startRedis();
  const templateUrl = await postgres.createDatabase('hub_template');
  const handle = await connectDatabase({ url: templateUrl, poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('postgresPort', postgres.port);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    await postgres.stop();
  };
}
