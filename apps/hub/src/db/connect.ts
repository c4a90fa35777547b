import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { PGlitePool } from './pglite-pool.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A postgres:// URL; when absent an embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
}

/**
 * Opens the hub's database: Postgres through `pg` when a URL is given, else an embedded PGlite with
 * its data on disk. `numeric` stays text in both (pg's default; PGlite's too), so repositories turn
 * it into Decimal themselves and no float ever touches money.
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // A client losing its server (restart, failover) must not crash the process. pg emits 'error'
    // on the client itself: the pool listens only while the client is idle, so a client checked out
    // by a transaction needs its own listener. The query in flight still fails (and its job retries);
    // the broken client is dropped on release, and the pool connects a fresh one.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir.startsWith('memory://') ? undefined : join(dir));
  const pool = new PGlitePool(pglite);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
