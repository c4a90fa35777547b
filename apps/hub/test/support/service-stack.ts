import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  type PostgresServer,
  type RedisServer,
  startPostgres,
  startRedis,
} from '@hub/test-services';
import { connectDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The Azure emulator as its own OS process (its CLI, from source), so it does not share our CPU. */
export async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // tsx is the hub's dev dependency; resolve it here so the emulator's folder need not have it.
  const child = spawn(
    process.execPath,
    [
      '--conditions=@hub/source',
      '--import',
      import.meta.resolve('tsx'),
      'src/cli.ts',
      '--port',
      String(port),
    ],
    { cwd: join(ROOT, 'apps', 'azure-marketplace-emulator'), stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/admin/stats`)).ok) return { url, child };
    } catch {
      // still starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the emulator did not start within 30 s');
}

/** The environment for hub processes on this stack (the admin key and a fresh encryption key). */
export function hubEnv(
  stack: ServiceStack,
  adminKey: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redis.url,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AZURE_MARKETPLACE_API_URL: `${stack.emulator.url}/api`,
    AZURE_LOGIN_URL: stack.emulator.url,
    ...extra,
  };
}

export interface ServiceStack {
  postgres: PostgresServer;
  redis: RedisServer;
  emulator: { url: string; child: ChildProcess };
  /** A migrated database on `postgres`. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL (with a migrated database), Redis and the emulator, for benchmarks and drills. The
 * database acknowledges a commit only once it is in the WAL, as a production one does, so a drill
 * that kills it measures the hub and not the test cluster's shortcuts.
 */
export async function startServiceStack(
  database: string,
  options: { postgresSettings?: string[] } = {},
): Promise<ServiceStack> {
  const [postgres, redis, emulator] = await Promise.all([
    startPostgres({ durable: true, settings: options.postgresSettings ?? [] }),
    startRedis(),
    startEmulatorProcess(),
  ]);
  const databaseUrl = await postgres.createDatabase(database);
  const handle = await connectDatabase({ url: databaseUrl, poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  const stack: ServiceStack = {
    postgres,
    redis,
    emulator,
    databaseUrl,
    async stop() {
      stack.emulator.child.kill('SIGKILL');
      await stack.redis.stop().catch(() => {});
      await stack.postgres.stop().catch(() => {});
    },
  };
  return stack;
}
