import { join } from 'node:path';
import type { BillSource, MarketplaceAdapter } from '@hub/core';
import { Redis } from 'ioredis';
import { newAdminKey, newEncryptionKey, readOrCreateDevSecret } from './config/dev-secrets.js';
import type { Env } from './config/env.js';
import { SecretBox } from './crypto/secret-box.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { type LoadedPlugins, loadPlugins } from './plugins/load-plugins.js';
import { ensureBootstrapKey } from './repositories/api-keys.repository.js';
import type { HubServices } from './services.js';

export interface Runtime {
  services: HubServices;
  database: DatabaseHandle;
  /** The admin key, when this start generated it (dev) so it can be printed once. */
  generatedAdminKey: string | null;
  close(): Promise<void>;
}

export interface BootstrapOptions {
  migrate?: boolean;
  /** Plugins already loaded (main.ts's `loadConfig`); else they are loaded from `env`. */
  plugins?: LoadedPlugins;
  /** Tests: these adapters instead of the installed plugins (their variables still come from `env`). */
  adapters?: readonly MarketplaceAdapter<any>[];
  /** Tests: bill sources beside the installed plugins (their variables still come from `env`). */
  sources?: readonly BillSource<any, any>[];
  now?: () => Date;
  /** Redis URL override (the start command's private redis-server). */
  redisUrl?: string;
}

/**
 * Builds the shared services from the parsed environment: the database (Postgres or embedded
 * PGlite), the encryption key, the bootstrap admin key, and a Redis probe for readiness.
 */
export async function bootstrap(env: Env, options: BootstrapOptions = {}): Promise<Runtime> {
  // Before any connection: a missing plugin or a bad plugin variable stops start-up cleanly.
  const plugins =
    options.plugins ??
    (await loadPlugins(env, {
      ...(options.adapters ? { adapters: options.adapters } : {}),
      ...(options.sources ? { sources: options.sources } : {}),
    }));
  const database = await connectDatabase({
    url: env.DATABASE_URL,
    pgliteDir: join(env.HUB_DATA_DIR, 'pglite'),
    poolSize: Math.max(10, Math.min(env.WORKER_CONCURRENCY + 4, 50)),
  });
  if (options.migrate) await migrateToLatest(database.db);

  const encryptionKey =
    env.HUB_ENCRYPTION_KEY ??
    readOrCreateDevSecret(env.HUB_DATA_DIR, 'encryption.key', newEncryptionKey).value;
  let generatedAdminKey: string | null = null;
  let adminKey = env.HUB_BOOTSTRAP_API_KEY;
  if (!adminKey && env.NODE_ENV !== 'production') {
    const dev = readOrCreateDevSecret(env.HUB_DATA_DIR, 'admin.key', newAdminKey);
    adminKey = dev.value;
    generatedAdminKey = dev.value;
  }
  if (adminKey) await ensureBootstrapKey(database.db, adminKey);

  const redisUrl = options.redisUrl ?? env.REDIS_URL;
  const probe = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  probe?.on('error', () => {});
  const services: HubServices = {
    env,
    db: database.db,
    dbKind: database.kind,
    secretBox: new SecretBox(Buffer.from(encryptionKey, 'base64')),
    adapters: plugins.adapters,
    adapterEndpoints: plugins.endpoints,
    sources: plugins.sources,
    notifyOutbox: () => {},
    checkRedis: async () => {
      if (!probe) throw new Error('REDIS_URL is not set');
      if (probe.status === 'wait' || probe.status === 'end') await probe.connect().catch(() => {});
      await probe.ping();
    },
    now: options.now ?? (() => new Date()),
  };
  return {
    services,
    database,
    generatedAdminKey,
    async close() {
      probe?.disconnect();
      await database.close();
    },
  };
}
