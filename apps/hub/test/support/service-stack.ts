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
 * The emulators the hub's tests can start, by the folder of each under `apps/`: the destinations'
 * (Azure, AWS) and the bill sources' (m3ter).
 */
export type EmulatorKind = 'azure' | 'aws' | 'm3ter';
const EMULATOR_DIRS: Record<EmulatorKind, string> = {
  azure: 'azure-marketplace-emulator',
  aws: 'aws-marketplace-emulator',
  m3ter: 'm3ter-emulator',
};

export interface EmulatorProcess {
  kind: EmulatorKind;
  url: string;
  child: ChildProcess;
  process: ManagedProcess;
}

/**
 * An emulator as its own OS process (its CLI, from source), so it does not share our CPU. It
 * listens on port 0 and prints its URL, which is read back (no port to lose in between). It is a
 * managed process: killed if it does not come up, and by the safety net if the caller dies. Every
 * emulator answers `GET /admin/stats` once it serves.
 */
export async function startEmulatorProcess(kind: EmulatorKind = 'azure'): Promise<EmulatorProcess> {
  // tsx is the hub's dev dependency; resolve it here so the emulator's folder need not have it.
  const proc = spawnManaged(
    process.execPath,
    ['--conditions=@hub/source', '--import', import.meta.resolve('tsx'), 'src/cli.ts', '--port', '0'],
    { cwd: join(ROOT, 'apps', EMULATOR_DIRS[kind]), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  proc.child.stdout?.on('data', collect);
  proc.child.stderr?.on('data', collect);
  try {
    for (let i = 0; i < 300; i++) {
      if (!proc.running) throw new Error(`the ${kind} emulator exited before it was ready:\n${output}`);
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url) {
        try {
          if ((await fetch(`${url}/admin/stats`)).ok) return { kind, url, child: proc.child, process: proc };
        } catch {
          // still starting
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the ${kind} emulator did not start within 30 s:\n${output}`);
  } catch (error) {
    await proc.kill();
    throw error;
  }
}

/** The AWS emulator (metering and STS on one URL) as its own OS process. */
export const startAwsEmulatorProcess = () => startEmulatorProcess('aws');

/** The hub's variables that point a destination's (or source's) plugin at its emulator. */
const EMULATOR_ENV: Record<EmulatorKind, (url: string) => Record<string, string>> = {
  azure: (url) => ({ AZURE_MARKETPLACE_API_URL: `${url}/api`, AZURE_LOGIN_URL: url }),
  aws: (url) => ({ AWS_MARKETPLACE_METERING_URL: url, AWS_STS_URL: url }),
  m3ter: (url) => ({ M3TER_API_URL: url }),
};

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
    ...Object.assign({}, ...Object.values(stack.emulators).map((e) => EMULATOR_ENV[e.kind](e.url))),
    ...extra,
  };
}

export interface ServiceStack {
  postgres: PostgresServer;
  redis: RedisServer;
  /** The first of the emulators asked for. */
  emulator: EmulatorProcess;
  /** Every emulator started, by kind. */
  emulators: Partial<Record<EmulatorKind, EmulatorProcess>>;
  /** A migrated database on `postgres`. */
  databaseUrl: string;
  /** Stops all of them; never throws. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL (with a migrated database), Redis and the emulators asked for (default: Azure's), for
 * benchmarks and drills. The database acknowledges a commit only once it is in the WAL, as a
 * production one does, so a drill that kills it measures the hub and not the test cluster's
 * shortcuts. If any of them fails to start, or the migration fails, the ones that did start are
 * stopped before this throws.
 */
export async function startServiceStack(
  database: string,
  options: { postgresSettings?: string[]; emulators?: EmulatorKind[] } = {},
): Promise<ServiceStack> {
  const kinds: EmulatorKind[] = options.emulators?.length ? [...new Set(options.emulators)] : ['azure'];
  // All at once; each settles on its own, so whatever did start can be stopped if another did not.
  const emulatorsStarting = Promise.allSettled(kinds.map((kind) => startEmulatorProcess(kind)));
  const [pg, rd] = await Promise.allSettled([
    startPostgres({ durable: true, settings: options.postgresSettings ?? [] }),
    startRedis(),
  ]);
  const ems = await emulatorsStarting;
  const stopAll = async () => {
    await Promise.all([
      ...ems.map((em) => (em.status === 'fulfilled' ? em.value.process.kill() : null)),
      rd.status === 'fulfilled' ? rd.value.stop().catch(() => {}) : null,
      pg.status === 'fulfilled' ? pg.value.stop().catch(() => {}) : null,
    ]);
  };
  if (pg.status === 'rejected' || rd.status === 'rejected' || ems.some((em) => em.status === 'rejected')) {
    await stopAll();
    const failed = [pg, rd, ...ems].find((result) => result.status === 'rejected') as PromiseRejectedResult;
    throw failed.reason;
  }
  const [postgres, redis] = [pg.value, rd.value];
  const list = ems.map((em) => (em as PromiseFulfilledResult<EmulatorProcess>).value);
  const emulators: ServiceStack['emulators'] = Object.fromEntries(list.map((e) => [e.kind, e]));
  try {
    const databaseUrl = await postgres.createDatabase(database);
    const handle = await connectDatabase({ url: databaseUrl, poolSize: 1 });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    return { postgres, redis, emulator: list[0]!, emulators, databaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
