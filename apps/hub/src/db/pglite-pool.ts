import type { PGlite } from '@electric-sql/pglite';

/**
 * Lets kysely's PostgresDialect drive an embedded PGlite as if it were a `pg` pool, so the same
 * dialect, migrations and repositories serve both. PGlite is one session, so the "pool" hands out
 * its single connection to one holder at a time: a transaction keeps it until it releases.
 */
export class PGlitePool {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PGliteClient> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return new PGliteClient(this.pglite, release);
  }

  async end(): Promise<void> {
    await this.queue;
    await this.pglite.close();
  }
}

class PGliteClient {
  private released = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly onRelease: () => void,
  ) {}

  async query(sql: string, parameters: readonly unknown[]) {
    const result = await this.pglite.query<Record<string, unknown>>(sql, parameters as unknown[]);
    // kysely reads `command` to decide whether `rowCount` is an affected-row count.
    const command = /^\s*select\b/i.test(sql) ? 'SELECT' : 'UPDATE';
    return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
