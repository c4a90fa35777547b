import { type ChildProcess, spawn } from 'node:child_process';
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

export interface ServiceStack {
  postgres: PostgresServer;
  redis: RedisServer;
  emulator: { url: string; child: ChildProcess };
  /** A migrated database on `postgres`. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** PostgreSQL (with a migrated database), Redis and the emulator, for benchmarks and drills. */
export async function startServiceStack(database: string): Promise<ServiceStack> {
  const [postgres, redis, emulator] = await Promise.all([
    startPostgres(),
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
