import { type Bill, ZBill } from '@hub/core';
import type { BillRow, Db } from '../db/database.js';

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

/**
 * Stores one bill version unless (org, id, version) is already stored. Returns false on a
 * duplicate. Race-safe: a concurrent insert of the same key waits on the primary key and then
 * finds the committed row (ON CONFLICT DO NOTHING), so exactly one caller gets `true`.
 */
export async function insertBillIfAbsent(db: Db, orgId: string, bill: Bill): Promise<boolean> {
  const row = await db
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
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
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
