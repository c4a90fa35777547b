import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** `numeric` columns: pg returns text, and the hub writes decimal strings (never JS numbers). */
type Numeric = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  admin: boolean;
  /** The bootstrap key (acts across organizations); every other admin is an org admin. */
  hub_admin: Generated<boolean>;
  key_hash: string;
  dt_created: Generated<Date>;
}

export interface AccountsTable {
  org_id: string;
  id: string;
  name: string;
  code: string;
  currency: string | null;
  address: Json<Record<string, string | null> | null>;
  custom_fields: Json<Record<string, string | number | null> | null>;
  parent_account_id: string | null;
  dt_created: Generated<Date>;
  dt_last_modified: Timestamp;
}

export interface BillsTable {
  org_id: string;
  id: string;
  version: number;
  account_id: string;
  status: string;
  currency: string;
  body: Json<Record<string, unknown>>;
  dt_received: Generated<Date>;
}

export interface CredentialsTable {
  id: string;
  org_id: string;
  name: string;
  destination: string;
  public_data: Json<Record<string, unknown>>;
  secret_ciphertext: string;
  dt_created: Generated<Date>;
  dt_last_modified: Timestamp;
}

export interface IntegrationsTable {
  id: string;
  org_id: string;
  version: number;
  name: string;
  destination: string;
  entity_type: string;
  enabled: boolean;
  credential_id: string | null;
  disabled_reason: string | null;
  account_ids: Json<string[]>;
  restricted_account_ids: Json<string[]>;
  disabled_notification_emails: Json<string[]>;
  config_data: Json<Record<string, unknown>>;
  consecutive_auth_failures: Generated<number>;
  consecutive_errors: Generated<number>;
  dt_created: Generated<Date>;
  dt_last_modified: Timestamp;
  dt_deleted: Date | null;
}

export interface ExternalMappingsTable {
  id: string;
  org_id: string;
  m3ter_entity: string;
  m3ter_id: string;
  external_system: string;
  external_table: string;
  external_id: string;
  integration_config_id: string | null;
  metadata: Json<Record<string, unknown> | null>;
  /** The source the mapping was synced from; null when it was made in the hub. */
  source_id: Generated<string | null>;
  /** The source's own reference of the mapping (its id, else its key). */
  source_ref: Generated<string | null>;
  dt_created: Generated<Date>;
}

export interface IntegrationRunsTable {
  id: string;
  org_id: string;
  integration_config_id: string;
  entity_type: string;
  entity_id: string;
  bill_version: number;
  trigger: string;
  replay_of: string | null;
  status: string;
  reason: string | null;
  error_code: string | null;
  error_message: string | null;
  detail: Json<Record<string, unknown> | null>;
  ledger_applied: Generated<boolean>;
  dispatch_count: Generated<number>;
  dt_created: Generated<Date>;
  dt_started: Date | null;
  dt_completed: Date | null;
}

export interface OutboxTable {
  id: string;
  topic: string;
  job_id: string;
  payload: Json<Record<string, unknown>>;
  dt_created: Generated<Date>;
  dt_dispatched: Date | null;
}

export interface EventsTable {
  id: string;
  org_id: string;
  event_name: string;
  event_time: Generated<Date>;
  integration_config_id: string | null;
  message: string;
  data: Json<Record<string, unknown> | null>;
}

export interface LedgerEntriesTable {
  org_id: string;
  integration_config_id: string;
  bill_id: string;
  resource_id: string;
  dimension: string;
  reported: Numeric;
  /** The part of the credit pool this key added and has not drawn back (core `applyTarget`). */
  own_credit: Generated<Numeric>;
  bill_version: number;
  dt_updated: Timestamp;
}

export interface CreditPoolsTable {
  pool_key: string;
  org_id: string;
  integration_config_id: string;
  resource_id: string;
  dimension: string;
  bill_id: string | null;
  balance: Numeric;
  dt_updated: Timestamp;
}

export interface UsageEntriesTable {
  id: string;
  org_id: string;
  run_id: string;
  integration_config_id: string;
  credential_id: string | null;
  bill_id: string;
  bill_version: number;
  resource_id: string;
  dimension: string;
  plan_id: string | null;
  amount: Numeric;
  target: Numeric;
  reported_before: Numeric;
  credit_used: Numeric;
  credit_added: Numeric;
  /** The part of `credit_used` that was the ledger key's own credit. */
  own_credit_used: Generated<Numeric>;
  quantity: Numeric;
  status: string;
  usage_event_id: string | null;
  dt_created: Generated<Date>;
}

export interface UsageEventsTable {
  id: string;
  org_id: string;
  integration_config_id: string;
  /** Null while its integration has no credential connected (the usage waits for one). */
  credential_id: string | null;
  destination: string;
  resource_id: string;
  dimension: string;
  plan_id: string | null;
  quantity: Numeric;
  effective_start_time: Date | null;
  status: string;
  receipt_id: string | null;
  error: Json<Record<string, unknown> | null>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  reslotted_from: string | null;
  /** When the latest attempt started. */
  sent_at: Date | null;
  /** When the latest attempt that got no clear answer started; null while every answer was clear. */
  unclear_at: Date | null;
  /** When the read-back of this expired, unclear event began (status VERIFYING). */
  verify_started_at: Date | null;
  /** Read-back calls for it that failed (an answer that did not settle it is not a failure). */
  read_back_failures: Generated<number>;
  dt_created: Generated<Date>;
  dt_updated: Timestamp;
}

export interface UsageSlotsTable {
  destination: string;
  resource_id: string;
  dimension: string;
  slot_start: Date;
  usage_event_id: string;
  foreign_held: Generated<boolean>;
}

export interface ExchangesTable {
  id: string;
  org_id: string;
  credential_id: string | null;
  method: string;
  url: string;
  request_headers: Json<Record<string, string>>;
  request_body: Json<unknown>;
  status: number | null;
  response_headers: Json<Record<string, string>>;
  response_body: Json<unknown>;
  error: string | null;
  request_id: string | null;
  correlation_id: string | null;
  started_at: Date;
  duration_ms: number;
}

export interface SourcesTable {
  id: string;
  org_id: string;
  version: number;
  /** The source plugin's id (core `BillSource.id`). */
  type: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  /** The credential's non-secret fields. */
  public_data: Json<Record<string, unknown>>;
  /** The credential's secret fields, sealed (bound to the source id). */
  secret_ciphertext: string;
  /** sha256 (hex) of the webhook URL's token; the token itself is shown once and never stored. */
  webhook_token_hash: string;
  /** The operator's webhook signature secret, sealed; null when none is set. */
  webhook_secret_ciphertext: string | null;
  schedule_seconds: number;
  enabled: boolean;
  disabled_reason: string | null;
  /** Mailed when the source's credential is refused or it disables itself. */
  notification_emails: Json<string[]>;
  consecutive_auth_failures: Generated<number>;
  /** Where the source's change feed continues (opaque); null until the first sync. */
  cursor: string | null;
  /** A sync of this source holds it until then (one sync per source at a time). */
  sync_lease_until: Date | null;
  dt_created: Generated<Date>;
  dt_last_modified: Timestamp;
  dt_deleted: Date | null;
  last_sync_at: Date | null;
}

export interface SourceSyncsTable {
  id: string;
  org_id: string;
  source_id: string;
  /** SCHEDULE | MANUAL | WEBHOOK | BACKFILL | RETRY */
  trigger: string;
  /** QUEUED | RUNNING | COMPLETE | ERROR | AUTH_FAILED */
  status: string;
  dt_created: Generated<Date>;
  dt_started: Date | null;
  dt_finished: Date | null;
  bills_fetched: Generated<number>;
  bills_ingested: Generated<number>;
  bills_skipped: Generated<number>;
  mappings_synced: Generated<number>;
  errors: Json<SyncError[]>;
  cursor_before: string | null;
  cursor_after: string | null;
  backfill: Json<Record<string, unknown> | null>;
}

/** One problem a sync met, for the operator. */
export interface SyncError {
  code: string;
  message: string;
  billId?: string;
  at: string;
}

export interface SourceExchangesTable {
  sync_id: string;
  exchange_id: string;
}

export interface SourcePendingBillsTable {
  source_id: string;
  bill_id: string;
  org_id: string;
  /** WEBHOOK | CHANGE | BACKFILL */
  reason: string;
  dt_created: Generated<Date>;
  attempts: Generated<number>;
  /** Not before then (a backoff after a failure); null: now. */
  next_attempt_at: Date | null;
  last_error: string | null;
}

export interface RunExchangesTable {
  run_id: string;
  exchange_id: string;
}

export interface Database {
  api_keys: ApiKeysTable;
  accounts: AccountsTable;
  bills: BillsTable;
  integration_credentials: CredentialsTable;
  integrations: IntegrationsTable;
  external_mappings: ExternalMappingsTable;
  integration_runs: IntegrationRunsTable;
  outbox: OutboxTable;
  events: EventsTable;
  ledger_entries: LedgerEntriesTable;
  credit_pools: CreditPoolsTable;
  usage_entries: UsageEntriesTable;
  usage_events: UsageEventsTable;
  usage_slots: UsageSlotsTable;
  exchanges: ExchangesTable;
  run_exchanges: RunExchangesTable;
  sources: SourcesTable;
  source_syncs: SourceSyncsTable;
  source_exchanges: SourceExchangesTable;
  source_pending_bills: SourcePendingBillsTable;
}

/** Repositories take either the database or a transaction, so callers decide the unit of work. */
export type Db = Kysely<Database> | Transaction<Database>;

export type AccountRow = Selectable<AccountsTable>;
export type BillRow = Selectable<BillsTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type IntegrationRow = Selectable<IntegrationsTable>;
export type ExternalMappingRow = Selectable<ExternalMappingsTable>;
export type RunRow = Selectable<IntegrationRunsTable>;
export type EventRow = Selectable<EventsTable>;
export type UsageEntryRow = Selectable<UsageEntriesTable>;
export type UsageEventRow = Selectable<UsageEventsTable>;
export type ExchangeRow = Selectable<ExchangesTable>;
export type SourceRow = Selectable<SourcesTable>;
export type SourceSyncRow = Selectable<SourceSyncsTable>;
export type NewRun = Insertable<IntegrationRunsTable>;
