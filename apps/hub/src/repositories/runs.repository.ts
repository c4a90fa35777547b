import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, ExchangeRow, RunRow } from '../db/database.js';
import { isUuid } from './integrations.repository.js';

export const RUN_STATUSES = [
  'WAITING',
  'STARTED',
  'COMPLETE',
  'SKIPPED',
  'ERROR',
  'AWAITING_RETRY',
  'AWAITING_CREDENTIAL',
  'AUTH_FAILED',
  'DISABLED',
  // Usage whose delivery the destination could not confirm nor deny: an operator decides.
  'UNCLEAR',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['INGEST', 'REPLAY'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface StoredRun {
  id: string;
  orgId: string;
  integrationConfigId: string;
  entityType: string;
  entityId: string;
  billVersion: number;
  trigger: string;
  replayOf: string | null;
  status: string;
  reason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  detail: Record<string, unknown> | null;
  dtCreated: Date;
  dtStarted: Date | null;
  dtCompleted: Date | null;
}

export function toRun(row: RunRow): StoredRun {
  return {
    id: row.id,
    orgId: row.org_id,
    integrationConfigId: row.integration_config_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    billVersion: row.bill_version,
    trigger: row.trigger,
    replayOf: row.replay_of,
    status: row.status,
    reason: row.reason,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    detail: row.detail,
    dtCreated: row.dt_created,
    dtStarted: row.dt_started,
    dtCompleted: row.dt_completed,
  };
}

/** A new WAITING run that replays `original` (same integration, bill and version). */
export async function insertReplayRun(db: Db, original: StoredRun): Promise<StoredRun> {
  const row = await db
    .insertInto('integration_runs')
    .values({
      id: randomUUID(),
      org_id: original.orgId,
      integration_config_id: original.integrationConfigId,
      entity_type: original.entityType,
      entity_id: original.entityId,
      bill_version: original.billVersion,
      trigger: 'REPLAY',
      replay_of: original.id,
      status: 'WAITING',
      reason: null,
      error_code: null,
      error_message: null,
      detail: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(row);
}

/** The ingest runs of one bill version, in integration order. */
export async function listIngestRuns(
  db: Db,
  orgId: string,
  billId: string,
  billVersion: number,
): Promise<StoredRun[]> {
  const rows = await db
    .selectFrom('integration_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('entity_type', '=', 'Bill')
    .where('entity_id', '=', billId)
    .where('bill_version', '=', billVersion)
    .where('trigger', '=', 'INGEST')
    .orderBy('dt_created')
    .orderBy('id')
    .execute();
  return rows.map(toRun);
}

export async function findRun(db: Db, orgId: string, id: string): Promise<StoredRun | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('integration_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRun(row) : null;
}

export interface RunFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  integrationConfigId?: string | undefined;
  status?: string | undefined;
}

/**
 * Runs newest first, keyset-paginated on (creation time to the millisecond, id): Postgres keeps
 * microseconds but a cursor carries a JS Date, so both sides compare at millisecond precision.
 */
export async function listRuns(
  db: Db,
  orgId: string,
  filter: RunFilter,
  page: { after: { t: string; id: string } | null; limit: number },
): Promise<StoredRun[]> {
  if (filter.integrationConfigId !== undefined && !isUuid(filter.integrationConfigId)) return [];
  let query = db.selectFrom('integration_runs').selectAll().where('org_id', '=', orgId);
  if (filter.entityType !== undefined) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.integrationConfigId !== undefined)
    query = query.where('integration_config_id', '=', filter.integrationConfigId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (page.after) {
    query = query.where(
      sql<boolean>`(date_trunc('milliseconds', dt_created), id) < (${new Date(page.after.t)}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy(sql`date_trunc('milliseconds', dt_created)`, 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(toRun);
}

/**
 * The highest version of a bill whose targets this integration already put through the ledger
 * (`ledger_applied`, set by the worker), or null: the stale-version gate's input, as the worker
 * computes it.
 */
export async function latestProcessedVersion(
  db: Db,
  orgId: string,
  integrationId: string,
  billId: string,
): Promise<number | null> {
  if (!isUuid(integrationId)) return null;
  const row = await db
    .selectFrom('integration_runs')
    .select((eb) => eb.fn.max('bill_version').as('version'))
    .where('org_id', '=', orgId)
    .where('integration_config_id', '=', integrationId)
    .where('entity_id', '=', billId)
    .where('ledger_applied', '=', true)
    .executeTakeFirst();
  return row?.version ?? null;
}

/** Every request/response exchanged with the destination for a run, oldest first. */
export async function listRunExchanges(db: Db, orgId: string, runId: string): Promise<ExchangeRow[]> {
  if (!isUuid(runId)) return [];
  return db
    .selectFrom('exchanges')
    .innerJoin('run_exchanges', 'run_exchanges.exchange_id', 'exchanges.id')
    .selectAll('exchanges')
    .where('run_exchanges.run_id', '=', runId)
    .where('exchanges.org_id', '=', orgId)
    .orderBy('exchanges.started_at')
    .orderBy('exchanges.id')
    .execute();
}
