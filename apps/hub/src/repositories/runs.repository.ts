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
  /** The account of the run's bill (the bill version the run is for). */
  accountId?: string | undefined;
  /** Created at or after. */
  createdFrom?: Date | undefined;
  /** Created before. */
  createdTo?: Date | undefined;
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
  if (filter.createdFrom !== undefined) query = query.where('dt_created', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where('dt_created', '<', filter.createdTo);
  if (filter.accountId !== undefined) {
    const accountId = filter.accountId;
    // The bill version the run is for, by its primary key.
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('bills')
          .select('bills.id')
          .whereRef('bills.org_id', '=', 'integration_runs.org_id')
          .whereRef('bills.id', '=', 'integration_runs.entity_id')
          .whereRef('bills.version', '=', 'integration_runs.bill_version')
          .where('bills.account_id', '=', accountId),
      ),
    );
  }
  if (page.after) {
    query = query.where(
      sql<boolean>`(date_trunc('milliseconds', integration_runs.dt_created), integration_runs.id) < (${new Date(page.after.t)}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy(sql`date_trunc('milliseconds', integration_runs.dt_created)`, 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(toRun);
}

/** The newest run of an integration, as integration responses show it. */
export interface LatestRun {
  id: string;
  status: string;
  dtCreated: Date;
}

/**
 * The newest run of each of `integrationIds` (of the org), in one statement: one probe of
 * `integration_runs_latest_idx` per integration. Integrations without runs are absent.
 */
export async function latestRunsOf(
  db: Db,
  orgId: string,
  integrationIds: readonly string[],
): Promise<Map<string, LatestRun>> {
  const ids = [...new Set(integrationIds.filter(isUuid))];
  const result = new Map<string, LatestRun>();
  if (ids.length === 0) return result;
  const rows = await sql<{ integration_config_id: string; id: string; status: string; dt_created: Date }>`
    select r.integration_config_id, r.id, r.status, r.dt_created
    from (values ${sql.join(ids.map((id) => sql`(${id}::uuid)`))}) as i(id)
    cross join lateral (
      select integration_config_id, id, status, dt_created from integration_runs
      where integration_config_id = i.id and org_id = ${orgId}
      order by dt_created desc, id desc
      limit 1
    ) r`.execute(db);
  for (const row of rows.rows) {
    result.set(row.integration_config_id, {
      id: row.id,
      status: row.status,
      dtCreated: new Date(row.dt_created),
    });
  }
  return result;
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
