import { randomUUID } from 'node:crypto';
import type { Exchange } from '@hub/core';
import { sql } from 'kysely';
import type { Db, ExchangeRow, SourceSyncRow, SyncError } from '../db/database.js';
import { insertExchanges } from './exchanges.repository.js';
import { isUuid } from './integrations.repository.js';

export type SyncTrigger = 'SCHEDULE' | 'MANUAL' | 'WEBHOOK' | 'BACKFILL' | 'RETRY';
export type SyncStatus = 'QUEUED' | 'RUNNING' | 'COMPLETE' | 'ERROR' | 'AUTH_FAILED';

export interface BackfillRequest {
  billDateStart: string;
  billDateEnd: string;
  status?: 'PENDING' | 'APPROVED' | undefined;
}

export interface StoredSync {
  id: string;
  orgId: string;
  sourceId: string;
  trigger: string;
  status: string;
  dtCreated: Date;
  dtStarted: Date | null;
  dtFinished: Date | null;
  billsFetched: number;
  billsIngested: number;
  billsSkipped: number;
  mappingsSynced: number;
  errors: SyncError[];
  cursorBefore: string | null;
  cursorAfter: string | null;
  backfill: BackfillRequest | null;
}

export function toSync(row: SourceSyncRow): StoredSync {
  return {
    id: row.id,
    orgId: row.org_id,
    sourceId: row.source_id,
    trigger: row.trigger,
    status: row.status,
    dtCreated: row.dt_created,
    dtStarted: row.dt_started,
    dtFinished: row.dt_finished,
    billsFetched: row.bills_fetched,
    billsIngested: row.bills_ingested,
    billsSkipped: row.bills_skipped,
    mappingsSynced: row.mappings_synced,
    errors: row.errors,
    cursorBefore: row.cursor_before,
    cursorAfter: row.cursor_after,
    backfill: row.backfill as BackfillRequest | null,
  };
}

/** A sync requested through the API (MANUAL or BACKFILL), picked up by the next sync job of the source. */
export async function insertQueuedSync(
  db: Db,
  input: { orgId: string; sourceId: string; trigger: SyncTrigger; backfill: BackfillRequest | null },
): Promise<StoredSync> {
  const row = await db
    .insertInto('source_syncs')
    .values({
      id: randomUUID(),
      org_id: input.orgId,
      source_id: input.sourceId,
      trigger: input.trigger,
      status: 'QUEUED',
      errors: JSON.stringify([]),
      cursor_before: null,
      cursor_after: null,
      backfill: input.backfill ? JSON.stringify(input.backfill) : null,
      dt_started: null,
      dt_finished: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSync(row);
}

/**
 * The sync to run now for a source: the oldest one requested (QUEUED) or interrupted by a crash
 * (RUNNING while nobody held the lease), marked RUNNING; else a new RUNNING one for `trigger`.
 */
export async function startSync(
  db: Db,
  input: { orgId: string; sourceId: string; trigger: SyncTrigger; cursor: string | null; now: Date },
): Promise<StoredSync> {
  const open = await db
    .selectFrom('source_syncs')
    .select('id')
    .where('source_id', '=', input.sourceId)
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .orderBy('dt_created')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (open) {
    const row = await db
      .updateTable('source_syncs')
      .set({
        status: 'RUNNING',
        dt_started: sql`coalesce(dt_started, ${input.now})`,
        cursor_before: sql`coalesce(cursor_before, ${input.cursor})`,
      })
      .where('id', '=', open.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSync(row);
  }
  const row = await db
    .insertInto('source_syncs')
    .values({
      id: randomUUID(),
      org_id: input.orgId,
      source_id: input.sourceId,
      trigger: input.trigger,
      status: 'RUNNING',
      errors: JSON.stringify([]),
      cursor_before: input.cursor,
      cursor_after: null,
      backfill: null,
      dt_started: input.now,
      dt_finished: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSync(row);
}

export async function hasOpenSync(db: Db, sourceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('source_syncs')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds to a sync's counts and errors as it goes, so a crash leaves what it did on record. */
export async function addToSync(
  db: Db,
  syncId: string,
  delta: {
    billsFetched?: number;
    billsIngested?: number;
    billsSkipped?: number;
    mappingsSynced?: number;
    errors?: SyncError[];
  },
): Promise<void> {
  await db
    .updateTable('source_syncs')
    .set((eb) => ({
      bills_fetched: eb('bills_fetched', '+', delta.billsFetched ?? 0),
      bills_ingested: eb('bills_ingested', '+', delta.billsIngested ?? 0),
      bills_skipped: eb('bills_skipped', '+', delta.billsSkipped ?? 0),
      mappings_synced: eb('mappings_synced', '+', delta.mappingsSynced ?? 0),
      ...(delta.errors?.length ? { errors: sql`errors || ${JSON.stringify(delta.errors)}::jsonb` } : {}),
    }))
    .where('id', '=', syncId)
    .execute();
}

export async function finishSync(
  db: Db,
  syncId: string,
  input: { status: Exclude<SyncStatus, 'QUEUED' | 'RUNNING'>; cursorAfter: string | null; now: Date },
): Promise<StoredSync> {
  const row = await db
    .updateTable('source_syncs')
    .set({ status: input.status, cursor_after: input.cursorAfter, dt_finished: input.now })
    .where('id', '=', syncId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSync(row);
}

export async function findSync(
  db: Db,
  orgId: string,
  sourceId: string,
  id: string,
): Promise<StoredSync | null> {
  if (!isUuid(id) || !isUuid(sourceId)) return null;
  const row = await db
    .selectFrom('source_syncs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toSync(row) : null;
}

const createdMs = sql<Date>`date_trunc('milliseconds', dt_created)`;

/** A source's syncs, newest first, keyset-paginated on (creation time to the millisecond, id). */
export async function listSyncs(
  db: Db,
  orgId: string,
  sourceId: string,
  page: { after: { t: string; id: string } | null; limit: number },
): Promise<StoredSync[]> {
  if (!isUuid(sourceId)) return [];
  let query = db
    .selectFrom('source_syncs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId);
  if (page.after) {
    query = query.where(
      sql<boolean>`(date_trunc('milliseconds', dt_created), id) < (${new Date(page.after.t)}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await query.orderBy(createdMs, 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map(toSync);
}

/** Stores a source's exchanges (redacted by its plugin) and links them to the sync they served. */
export async function storeSyncExchanges(
  db: Db,
  input: { orgId: string; syncId: string },
  exchanges: readonly Exchange[],
): Promise<void> {
  const ids = await insertExchanges(db, { orgId: input.orgId, credentialId: null }, exchanges);
  if (ids.length === 0) return;
  await db
    .insertInto('source_exchanges')
    .values(ids.map((exchangeId) => ({ sync_id: input.syncId, exchange_id: exchangeId })))
    .execute();
}

export async function listSyncExchanges(db: Db, syncId: string): Promise<ExchangeRow[]> {
  return db
    .selectFrom('exchanges')
    .innerJoin('source_exchanges', 'source_exchanges.exchange_id', 'exchanges.id')
    .selectAll('exchanges')
    .where('source_exchanges.sync_id', '=', syncId)
    .orderBy('exchanges.started_at')
    .orderBy('exchanges.id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The durable queue of bills to fetch

export type PendingReason = 'WEBHOOK' | 'CHANGE' | 'BACKFILL';

/**
 * Adds bills to fetch. A bill already waiting stays one row, due now again (a newer trigger means
 * the bill changed: whatever backoff it had is moot, and attempts restart).
 */
export async function addPendingBills(
  db: Db,
  input: { orgId: string; sourceId: string; reason: PendingReason },
  billIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(billIds)];
  for (let start = 0; start < unique.length; start += 500) {
    await db
      .insertInto('source_pending_bills')
      .values(
        unique.slice(start, start + 500).map((billId) => ({
          source_id: input.sourceId,
          bill_id: billId,
          org_id: input.orgId,
          reason: input.reason,
          next_attempt_at: null,
          last_error: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['source_id', 'bill_id']).doUpdateSet({ next_attempt_at: null, attempts: 0 }),
      )
      .execute();
  }
}

export interface PendingBill {
  billId: string;
  reason: string;
  attempts: number;
}

/** Bills due now, oldest first. */
export async function listDuePendingBills(
  db: Db,
  sourceId: string,
  now: Date,
  limit: number,
  after: { dtCreated: Date; billId: string } | null,
): Promise<(PendingBill & { dtCreated: Date })[]> {
  let query = db
    .selectFrom('source_pending_bills')
    .select(['bill_id', 'reason', 'attempts', 'dt_created'])
    .where('source_id', '=', sourceId)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]));
  if (after) {
    query = query.where(
      sql<boolean>`(dt_created, bill_id) > (${after.dtCreated}::timestamptz, ${after.billId})`,
    );
  }
  const rows = await query.orderBy('dt_created').orderBy('bill_id').limit(limit).execute();
  return rows.map((row) => ({
    billId: row.bill_id,
    reason: row.reason,
    attempts: row.attempts,
    dtCreated: row.dt_created,
  }));
}

export async function deletePendingBill(db: Db, sourceId: string, billId: string): Promise<void> {
  await db
    .deleteFrom('source_pending_bills')
    .where('source_id', '=', sourceId)
    .where('bill_id', '=', billId)
    .execute();
}

/** Keeps a bill for later (a failure): one more attempt counted, not before `nextAttemptAt`. */
export async function deferPendingBill(
  db: Db,
  sourceId: string,
  billId: string,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db
    .updateTable('source_pending_bills')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: nextAttemptAt, last_error: error }))
    .where('source_id', '=', sourceId)
    .where('bill_id', '=', billId)
    .execute();
}

/** When the next waiting bill of a source is due (null: none waits), for scheduling a retry. */
export async function nextPendingDue(db: Db, sourceId: string): Promise<Date | null | 'now'> {
  const row = await db
    .selectFrom('source_pending_bills')
    .select([
      sql<number>`count(*) filter (where next_attempt_at is null)`.as('now'),
      sql<Date | null>`min(next_attempt_at)`.as('next'),
    ])
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  if (!row) return null;
  if (Number(row.now) > 0) return 'now';
  return row.next ? new Date(row.next) : null;
}

export async function countPendingBills(db: Db, sourceId: string): Promise<number> {
  const row = await db
    .selectFrom('source_pending_bills')
    .select(sql<string>`count(*)`.as('n'))
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
