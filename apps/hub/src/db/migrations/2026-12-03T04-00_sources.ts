import { type Kysely, sql } from 'kysely';

/**
 * Bill sources: billing platforms the hub fetches bills from by itself, through a source plugin
 * (core `BillSource`).
 * - `sources`: one configured source of an organization: its plugin (`type`), settings, credential
 *   (secret fields sealed like `integration_credentials`), the webhook's token (only its sha256) and
 *   the operator's signature secret (sealed), the schedule, the change cursor (opaque, the source's),
 *   who is mailed about it, auto-disable counters and the lease that keeps two syncs of one source from running at once;
 * - `source_syncs`: one sync of a source, with what it did (counts, errors, cursor before/after);
 * - `source_exchanges`: the exchanges (rows of `exchanges`, redacted) a sync had with the source;
 * - `source_pending_bills`: the durable queue of bills to fetch, one row per (source, bill);
 * - `external_mappings.source_id` / `source_ref`: where a synced mapping came from (null: made in the hub).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('sources')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('public_data', 'jsonb', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('webhook_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_secret_ciphertext', 'text')
    .addColumn('schedule_seconds', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('notification_emails', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('consecutive_auth_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'text')
    .addColumn('sync_lease_until', 'timestamptz')
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_last_modified', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_deleted', 'timestamptz')
    .addColumn('last_sync_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sources_org_idx').on('sources').columns(['org_id', 'dt_created']).execute();

  await db.schema
    .createTable('source_syncs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'uuid', (c) => c.notNull().references('sources.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_started', 'timestamptz')
    .addColumn('dt_finished', 'timestamptz')
    .addColumn('bills_fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bills_ingested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bills_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mappings_synced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('cursor_before', 'text')
    .addColumn('cursor_after', 'text')
    .addColumn('backfill', 'jsonb')
    .execute();
  await db.schema
    .createIndex('source_syncs_source_idx')
    .on('source_syncs')
    .columns(['source_id', 'dt_created'])
    .execute();
  // What a sync picks up first: requested (QUEUED) syncs, or one a crash interrupted (RUNNING).
  await sql`create index source_syncs_open_idx on source_syncs (source_id, dt_created) where status in ('QUEUED', 'RUNNING')`.execute(
    db,
  );

  await db.schema
    .createTable('source_exchanges')
    .addColumn('sync_id', 'uuid', (c) => c.notNull().references('source_syncs.id'))
    .addColumn('exchange_id', 'uuid', (c) => c.notNull().references('exchanges.id'))
    .addPrimaryKeyConstraint('source_exchanges_pk', ['sync_id', 'exchange_id'])
    .execute();

  await db.schema
    .createTable('source_pending_bills')
    .addColumn('source_id', 'uuid', (c) => c.notNull().references('sources.id'))
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('source_pending_bills_pk', ['source_id', 'bill_id'])
    .execute();
  await db.schema
    .createIndex('source_pending_bills_due_idx')
    .on('source_pending_bills')
    .columns(['source_id', 'next_attempt_at'])
    .execute();

  await sql`alter table external_mappings add column source_id uuid`.execute(db);
  await sql`alter table external_mappings add column source_ref text`.execute(db);
  await sql`create index external_mappings_source_idx on external_mappings (source_id) where source_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists external_mappings_source_idx`.execute(db);
  await sql`alter table external_mappings drop column if exists source_ref`.execute(db);
  await sql`alter table external_mappings drop column if exists source_id`.execute(db);
  await db.schema.dropTable('source_pending_bills').ifExists().execute();
  await db.schema.dropTable('source_exchanges').ifExists().execute();
  await db.schema.dropTable('source_syncs').ifExists().execute();
  await db.schema.dropTable('sources').ifExists().execute();
}
