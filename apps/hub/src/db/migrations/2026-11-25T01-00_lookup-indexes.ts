import { type Kysely, sql } from 'kysely';

/**
 * Two lookups the benchmark showed scanning (pg_stat_statements, 3,000 bills over 2,000 mappings):
 * - recording a batch's outcomes finds its usage entries by event: without an index that read every
 *   entry ever written, so each batch cost more than the last;
 * - a bill's mappings are found by (entity, id) within the org: the unique key starts with the
 *   external table, which that query does not name, so it read all of the org's mappings per bill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index usage_entries_event_idx on usage_entries (usage_event_id) where usage_event_id is not null`.execute(
    db,
  );
  await sql`create index external_mappings_lookup_idx on external_mappings (org_id, m3ter_entity, m3ter_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists external_mappings_lookup_idx`.execute(db);
  await sql`drop index if exists usage_entries_event_idx`.execute(db);
}
