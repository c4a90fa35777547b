import { type Bill, ZBill } from '@hub/core';
import { type Insertable, type QueryCreator, sql } from 'kysely';
import type { BillRow, Database, Db, OutboxTable, RunRow } from '../db/database.js';
import { chunksForStatement } from '../db/statement-chunks.js';
import { type StoredRun, toRun } from './runs.repository.js';

export interface StoredBill {
  orgId: string;
  id: string;
  version: number;
  accountId: string;
  status: string;
  currency: string;
  /** The bill as ingested (after validation): amounts are canonical decimal strings. */
  body: Record<string, unknown>;
  dtReceived: Date;
}

function toStoredBill(row: BillRow): StoredBill {
  return {
    orgId: row.org_id,
    id: row.id,
    version: row.version,
    accountId: row.account_id,
    status: row.status,
    currency: row.currency,
    body: row.body,
    dtReceived: row.dt_received,
  };
}

/** A run `insertBillWithIngestRuns` creates, with its id and outbox job made by the caller. */
export interface NewIngestRun {
  id: string;
  integrationConfigId: string;
  job: Insertable<OutboxTable>;
}

/**
 * Stores one bill version unless (org, id, version) is already stored and, only when it was stored
 * now, its WAITING ingest runs and their outbox jobs: ONE statement, atomic without a transaction.
 * Returns null on a duplicate, else the new runs. Race-safe: a concurrent insert of the same key
 * waits on the primary key and then finds the committed row (ON CONFLICT DO NOTHING), so exactly
 * one caller stores the bill and creates its runs. A run that already exists for (integration,
 * bill, version) is left alone (the partial unique index): only new runs, and only their jobs.
 */
export async function insertBillWithIngestRuns(
  db: Db,
  orgId: string,
  bill: Bill,
  runs: readonly NewIngestRun[],
): Promise<StoredRun[] | null> {
  const storeBill = (qc: QueryCreator<Database>) =>
    qc
      .insertInto('bills')
      .values({
        org_id: orgId,
        id: bill.id,
        version: bill.version,
        account_id: bill.accountId,
        status: bill.status,
        currency: bill.currency,
        // Lossless number tokens in extra fields serialise as their decimal text (toJSON).
        body: JSON.stringify(bill),
      })
      .onConflict((oc) => oc.columns(['org_id', 'id', 'version']).doNothing())
      .returning('id');
  if (runs.length === 0) return (await storeBill(db).executeTakeFirst()) ? [] : null;

  const runValues = sql<{ id: string; integration_config_id: string }>`(values ${sql.join(
    runs.map((run) => sql`(${run.id}::uuid, ${run.integrationConfigId}::uuid)`),
  )})`;
  const jobValues = sql<{
    id: string;
    topic: string;
    job_id: string;
    payload: string;
    run_id: string;
  }>`(values ${sql.join(
    runs.map(
      ({ id, job }) =>
        sql`(${job.id}::uuid, ${job.topic}::text, ${job.job_id}::text, ${job.payload}::jsonb, ${id}::uuid)`,
    ),
  )})`;
  const rows = await db
    .with('bill', storeBill)
    .with('runs', (qc) =>
      qc
        .insertInto('integration_runs')
        .columns([
          'id',
          'org_id',
          'integration_config_id',
          'entity_type',
          'entity_id',
          'bill_version',
          'trigger',
          'status',
        ])
        .expression((eb) =>
          eb
            .selectFrom(runValues.as<'v'>(sql`v (id, integration_config_id)`))
            .select([
              'v.id',
              sql<string>`${orgId}::text`.as('org_id'),
              'v.integration_config_id',
              sql.lit('Bill').as('entity_type'),
              sql<string>`${bill.id}::text`.as('entity_id'),
              sql<number>`${bill.version}::integer`.as('bill_version'),
              sql.lit('INGEST').as('trigger'),
              sql.lit('WAITING').as('status'),
            ])
            // Only when the bill was stored now: a repeated post creates no work.
            .where(({ exists, selectFrom }) => exists(selectFrom('bill').select('bill.id'))),
        )
        .onConflict((oc) =>
          oc
            .columns(['integration_config_id', 'entity_id', 'bill_version'])
            .where('trigger', '=', 'INGEST')
            .doNothing(),
        )
        .returningAll(),
    )
    .with('jobs', (qc) =>
      qc
        .insertInto('outbox')
        .columns(['id', 'topic', 'job_id', 'payload'])
        .expression((eb) =>
          eb
            .selectFrom(jobValues.as<'o'>(sql`o (id, topic, job_id, payload, run_id)`))
            .innerJoin('runs', 'runs.id', 'o.run_id')
            .select(['o.id', 'o.topic', 'o.job_id', 'o.payload']),
        ),
    )
    // No row: the bill was already stored. Else one row per new run (one of nulls if none is new).
    .selectFrom('bill')
    .leftJoin('runs', (join) => join.onTrue())
    .selectAll('runs')
    .execute();
  if (rows.length === 0) return null;
  return rows.filter((row): row is RunRow => row.id !== null).map(toRun);
}

/** A bill version's key within an org. */
export interface BillKey {
  id: string;
  version: number;
}

/**
 * Stores the bill versions not yet stored, with multi-row INSERTs (ON CONFLICT DO NOTHING, in
 * `bills` order: callers sort them so that concurrent batches take the keys in one order), and
 * returns the keys stored now. A key a concurrent transaction is inserting waits for it and is
 * then not returned: exactly one caller stores each version. `bills` must hold distinct keys.
 */
export async function insertBills(db: Db, orgId: string, bills: readonly Bill[]): Promise<BillKey[]> {
  const stored: BillKey[] = [];
  for (const chunk of chunksForStatement(bills, 7)) {
    const rows = await db
      .insertInto('bills')
      .values(
        chunk.map((bill) => ({
          org_id: orgId,
          id: bill.id,
          version: bill.version,
          account_id: bill.accountId,
          status: bill.status,
          currency: bill.currency,
          body: JSON.stringify(bill),
        })),
      )
      .onConflict((oc) => oc.columns(['org_id', 'id', 'version']).doNothing())
      .returning(['id', 'version'])
      .execute();
    stored.push(...rows);
  }
  return stored;
}

/** A WAITING ingest run `insertIngestRunsForBills` creates, with its id made by the caller. */
export interface NewBillRun {
  id: string;
  integrationConfigId: string;
  billId: string;
  billVersion: number;
}

/**
 * Creates WAITING ingest runs with multi-row INSERTs and returns those created now: a run that
 * already exists for (integration, bill, version) is left alone (the partial unique index), as in
 * `insertBillWithIngestRuns`. The caller writes the outbox jobs of the returned runs only.
 */
export async function insertIngestRunsForBills(
  db: Db,
  orgId: string,
  runs: readonly NewBillRun[],
): Promise<StoredRun[]> {
  const created: StoredRun[] = [];
  for (const chunk of chunksForStatement(runs, 8)) {
    const rows = await db
      .insertInto('integration_runs')
      .values(
        chunk.map((run) => ({
          id: run.id,
          org_id: orgId,
          integration_config_id: run.integrationConfigId,
          entity_type: 'Bill',
          entity_id: run.billId,
          bill_version: run.billVersion,
          trigger: 'INGEST',
          status: 'WAITING',
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['integration_config_id', 'entity_id', 'bill_version'])
          .where('trigger', '=', 'INGEST')
          .doNothing(),
      )
      .returningAll()
      .execute();
    created.push(...rows.map(toRun));
  }
  return created;
}

/**
 * The ingest runs of many bill versions in one read (a batch's duplicates), by `billKey`; a
 * version without runs is absent.
 */
export async function listIngestRunsOfBills(
  db: Db,
  orgId: string,
  keys: readonly BillKey[],
): Promise<Map<string, StoredRun[]>> {
  const byBill = new Map<string, StoredRun[]>();
  for (const chunk of chunksForStatement(keys, 2)) {
    const rows = await db
      .selectFrom('integration_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('entity_type', '=', 'Bill')
      .where('trigger', '=', 'INGEST')
      .where((eb) =>
        eb(
          eb.refTuple('entity_id', 'bill_version'),
          'in',
          chunk.map((key) => eb.tuple(key.id, key.version)),
        ),
      )
      .orderBy('dt_created')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const key = billKey({ id: row.entity_id, version: row.bill_version });
      const list = byBill.get(key) ?? [];
      list.push(toRun(row));
      byBill.set(key, list);
    }
  }
  return byBill;
}

/** One string per (id, version), for maps and sets. */
export function billKey(key: BillKey): string {
  return `${key.version}:${key.id}`;
}

/** The highest version stored of each of these bills (bills with none stored are absent). */
export async function latestStoredVersions(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  for (const chunk of chunksForStatement(ids, 1)) {
    const rows = await db
      .selectFrom('bills')
      .select(['id', (eb) => eb.fn.max('version').as('version')])
      .where('org_id', '=', orgId)
      .where('id', 'in', chunk)
      .groupBy('id')
      .execute();
    for (const row of rows) latest.set(row.id, row.version);
  }
  return latest;
}

/** The newest stored version of a bill. */
export async function findLatestBill(db: Db, orgId: string, id: string): Promise<StoredBill | null> {
  const row = await db
    .selectFrom('bills')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStoredBill(row) : null;
}

export async function findBillVersion(
  db: Db,
  orgId: string,
  id: string,
  version: number,
): Promise<StoredBill | null> {
  const row = await db
    .selectFrom('bills')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toStoredBill(row) : null;
}

/** One stored bill version as the pipeline's `Bill` (re-validated, so defaults added since apply). */
export async function loadBill(db: Db, orgId: string, id: string, version: number): Promise<Bill | null> {
  const stored = await findBillVersion(db, orgId, id, version);
  return stored ? ZBill.parse(stored.body) : null;
}
