import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app types here, never edit after release; add a new dated file.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('admin', 'boolean', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('address', 'jsonb')
    .addColumn('custom_fields', 'jsonb')
    .addColumn('parent_account_id', 'text')
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_last_modified', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('accounts_pk', ['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('bills')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('dt_received', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('bills_pk', ['org_id', 'id', 'version'])
    .execute();

  await db.schema
    .createTable('integration_credentials')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('public_data', 'jsonb', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_last_modified', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('credential_id', 'uuid', (c) => c.references('integration_credentials.id'))
    .addColumn('disabled_reason', 'text')
    .addColumn('account_ids', 'jsonb', (c) => c.notNull())
    .addColumn('restricted_account_ids', 'jsonb', (c) => c.notNull())
    .addColumn('disabled_notification_emails', 'jsonb', (c) => c.notNull())
    .addColumn('config_data', 'jsonb', (c) => c.notNull())
    .addColumn('consecutive_auth_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_last_modified', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_deleted', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('integrations_org_idx')
    .on('integrations')
    .columns(['org_id', 'entity_type'])
    .execute();

  await db.schema
    .createTable('external_mappings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('m3ter_entity', 'text', (c) => c.notNull())
    .addColumn('m3ter_id', 'text', (c) => c.notNull())
    .addColumn('external_system', 'text', (c) => c.notNull())
    .addColumn('external_table', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid')
    .addColumn('metadata', 'jsonb')
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  // One mapping per key; an unlinked (NULL integration) mapping counts as one key too.
  await sql`create unique index external_mappings_key on external_mappings
    (org_id, external_system, external_table, m3ter_entity, m3ter_id, coalesce(integration_config_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(
    db,
  );

  await db.schema
    .createTable('integration_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('bill_version', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('replay_of', 'uuid')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('detail', 'jsonb')
    // True once this run's targets went through the ledger: such versions make older ones stale.
    .addColumn('ledger_applied', 'boolean', (c) => c.notNull().defaultTo(false))
    // How many times the run was handed to the queue (replays after enable/connect get new job ids).
    .addColumn('dispatch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_started', 'timestamptz')
    .addColumn('dt_completed', 'timestamptz')
    .execute();
  // Ingest is idempotent per (integration, bill, version): a second post finds this run.
  await sql`create unique index integration_runs_ingest_key on integration_runs (integration_config_id, entity_id, bill_version) where trigger = 'INGEST'`.execute(
    db,
  );
  await db.schema
    .createIndex('integration_runs_entity_idx')
    .on('integration_runs')
    .columns(['org_id', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('integration_runs_status_idx')
    .on('integration_runs')
    .columns(['integration_config_id', 'status'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_dispatched', 'timestamptz')
    .execute();
  await sql`create index outbox_pending_idx on outbox (dt_created) where dt_dispatched is null`.execute(db);

  await db.schema
    .createTable('events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('event_time', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('integration_config_id', 'uuid')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb')
    .execute();
  await db.schema.createIndex('events_org_idx').on('events').columns(['org_id', 'event_time']).execute();

  // The reporting ledger: what each (integration, bill, subscription, dimension) already owes.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid', (c) => c.notNull())
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('reported', sql`numeric`, (c) => c.notNull())
    .addColumn('bill_version', 'integer', (c) => c.notNull())
    .addColumn('dt_updated', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('ledger_entries_pk', [
      'integration_config_id',
      'bill_id',
      'resource_id',
      'dimension',
    ])
    .execute();

  await db.schema
    .createTable('credit_pools')
    .addColumn('pool_key', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('bill_id', 'text')
    .addColumn('balance', sql`numeric`, (c) => c.notNull())
    .addColumn('dt_updated', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  // What a run owes: one row per (run, subscription, dimension) with a positive quantity.
  await db.schema
    .createTable('usage_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid', (c) => c.notNull())
    .addColumn('credential_id', 'uuid')
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('bill_version', 'integer', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('amount', sql`numeric`, (c) => c.notNull())
    .addColumn('target', sql`numeric`, (c) => c.notNull())
    .addColumn('reported_before', sql`numeric`, (c) => c.notNull())
    .addColumn('credit_used', sql`numeric`, (c) => c.notNull())
    .addColumn('credit_added', sql`numeric`, (c) => c.notNull())
    .addColumn('quantity', sql`numeric`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('usage_event_id', 'uuid')
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('usage_entries_run_idx').on('usage_entries').column('run_id').execute();
  // Usage not yet turned into an event: found without scanning what is already in flight.
  await sql`create index usage_entries_unsent_idx on usage_entries (credential_id, dt_created) where status = 'PENDING' and usage_event_id is null`.execute(
    db,
  );
  await sql`create index usage_entries_pending_idx on usage_entries (credential_id, dt_created) where status = 'PENDING'`.execute(
    db,
  );

  // Events as sent to the destination; several usage entries may merge into one.
  await db.schema
    .createTable('usage_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('integration_config_id', 'uuid', (c) => c.notNull())
    .addColumn('credential_id', 'uuid', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('quantity', sql`numeric`, (c) => c.notNull())
    .addColumn('effective_start_time', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('receipt_id', 'text')
    .addColumn('error', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    // A sender holds an event while its request is in flight; a crashed sender's lease runs out.
    .addColumn('lease_until', 'timestamptz')
    .addColumn('reslotted_from', 'uuid')
    .addColumn('dt_created', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('dt_updated', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  // Sending leases pending events of a credential in slot order: an index in that order keeps a
  // large backlog from being sorted on every lease.
  await sql`create index usage_events_leasable_idx on usage_events (credential_id, effective_start_time) where status = 'PENDING'`.execute(
    db,
  );
  await sql`create index usage_events_sendable_idx on usage_events (credential_id, next_attempt_at) where status = 'PENDING'`.execute(
    db,
  );
  await db.schema
    .createIndex('usage_events_integration_idx')
    .on('usage_events')
    .columns(['org_id', 'integration_config_id'])
    .execute();

  // Hour slots: at most one event of this hub per (destination, subscription, dimension, slot).
  await db.schema
    .createTable('usage_slots')
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('slot_start', 'timestamptz', (c) => c.notNull())
    .addColumn('usage_event_id', 'uuid', (c) => c.notNull())
    .addColumn('foreign_held', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('usage_slots_pk', ['destination', 'resource_id', 'dimension', 'slot_start'])
    .execute();

  // Every request/response exchanged with a destination, redacted, linked to the runs it served.
  await db.schema
    .createTable('exchanges')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'uuid')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'jsonb', (c) => c.notNull())
    .addColumn('request_body', 'jsonb')
    .addColumn('status', 'integer')
    .addColumn('response_headers', 'jsonb', (c) => c.notNull())
    .addColumn('response_body', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('request_id', 'text')
    .addColumn('correlation_id', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('run_exchanges')
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('exchange_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_exchanges_pk', ['run_id', 'exchange_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'run_exchanges',
    'exchanges',
    'usage_slots',
    'usage_events',
    'usage_entries',
    'credit_pools',
    'ledger_entries',
    'events',
    'outbox',
    'integration_runs',
    'external_mappings',
    'integrations',
    'integration_credentials',
    'bills',
    'accounts',
    'api_keys',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
