import { type Kysely, sql } from 'kysely';

/**
 * An integration's newest run (`lastRun` in integration responses) is read for a whole page of
 * integrations at once, one index probe each: without this index every run of an integration was
 * read and sorted to find its newest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index integration_runs_latest_idx on integration_runs (integration_config_id, dt_created desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists integration_runs_latest_idx`.execute(db);
}
