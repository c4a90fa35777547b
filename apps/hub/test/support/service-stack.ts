import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ManagedProcess,
  type PostgresServer,
  type RedisServer,
  spawnManaged,
  startPostgres,
  startRedis,
} from '@hub/test-services';
import { connectDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/**
 * The Azure emulator as its own OS process (its CLI, from source), so it does not share our CPU. It
 * listens on port 0 and prints its URL, which is read back (no port to lose in between). It is a
 * managed process: killed if it does not come up, and by the safety net if the caller dies.
 */
export async function startEmulatorProcess(): Promise<{
  url: string;
  child: ChildProcess;
  process: ManagedProcess;
}> {
  // tsx is the hub's dev dependency; resolve it here so the emulator's folder need not have it.
  const proc = spawnManaged(
    process.execPath,
    ['--conditions=@hub/source', '--import', import.meta.resolve('tsx'), 'src/cli.ts', '--port', '0'],
    { cwd: join(ROOT, 'apps', 'azure-marketplace-emulator'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  proc.child.stdout?.on('data', collect);
  proc.child.stderr?.on('data', collect);
  try {
    for (let i = 0; i < 300; i++) {
      if (!proc.running) throw new Error(`the emulator exited before it was ready:\n${output}`);
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url) {
        try {
          if ((await fetch(`${url}/admin/stats`)).ok) return { url, child: proc.child, process: proc };
        } catch {
          // still starting
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the emulator did not start within 30 s:\n${output}`);
  } catch (error) {
    await proc.kill();
    throw error;
  }
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
  emulator: { url: string; child: ChildProcess; process: ManagedProcess };
  /** A migrated database on `postgres`. */
  databaseUrl: string;
  /** Stops all three; never throws. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL (with a migrated database), Redis and the emulator, for benchmarks and drills. The
 * database acknowledges a commit only once it is in the WAL, as a production one does, so a drill
 * that kills it measures the hub and not the test cluster's shortcuts. If any of them fails to
 * start, or the migration fails, the ones that did start are stopped before this throws.
 */
export async function startServiceStack(
  database: string,
  options: { postgresSettings?: string[] } = {},
): Promise<ServiceStack> {
  const started = await Promise.allSettled([
    startPostgres({ durable: true, settings: options.postgresSettings ?? [] }),
    startRedis(),
    startEmulatorProcess(),
  ]);
  const [pg, rd, em] = started;
  const stopAll = async () => {
    await Promise.all([
      em.status === 'fulfilled' ? em.value.process.kill() : null,
      rd.status === 'fulfilled' ? rd.value.stop().catch(() => {}) : null,
      pg.status === 'fulfilled' ? pg.value.stop().catch(() => {}) : null,
    ]);
  };
  if (pg.status === 'rejected' || rd.status === 'rejected' || em.status === 'rejected') {
    await stopAll();
    const failed = started.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    throw failed.reason;
  }
  const [postgres, redis, emulator] = [pg.value, rd.value, em.value];
  try {
    const databaseUrl = await postgres.createDatabase(database);
    const handle = await connectDatabase({ url: databaseUrl, poolSize: 1 });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    return { postgres, redis, emulator, databaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
