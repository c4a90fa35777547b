import type { Account } from '@hub/core';
import type { AccountRow, Db } from '../db/database.js';
import { chunksForStatement } from '../db/statement-chunks.js';

export interface StoredAccount extends Account {
  dtCreated: Date;
  dtLastModified: Date;
}

export function toAccount(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    currency: row.currency,
    address: row.address,
    customFields: row.custom_fields,
    parentAccountId: row.parent_account_id,
    dtCreated: row.dt_created,
    dtLastModified: row.dt_last_modified,
  };
}

export async function findAccount(db: Db, orgId: string, id: string): Promise<StoredAccount | null> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}

/** The stored columns of an account (all but its key), as both upserts write them. */
function accountColumns(account: Account, now: Date) {
  return {
    name: account.name,
    code: account.code,
    currency: account.currency ?? null,
    address: account.address ? JSON.stringify(account.address) : null,
    custom_fields: account.customFields ? JSON.stringify(account.customFields) : null,
    parent_account_id: account.parentAccountId ?? null,
    dt_last_modified: now,
  };
}

export async function upsertAccount(db: Db, orgId: string, account: Account): Promise<StoredAccount> {
  const values = accountColumns(account, new Date());
  const row = await db
    .insertInto('accounts')
    .values({ org_id: orgId, id: account.id, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'id']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

/**
 * Upserts many accounts with multi-row statements, in the order given (callers sort by id so that
 * concurrent batches lock rows in one order). One statement may not touch a row twice, so `accounts`
 * must hold distinct ids: the caller keeps the last of each, as upserting them one by one would.
 */
export async function upsertAccounts(db: Db, orgId: string, accounts: readonly Account[]): Promise<void> {
  const now = new Date();
  for (const chunk of chunksForStatement(accounts, 9)) {
    await db
      .insertInto('accounts')
      .values(chunk.map((account) => ({ org_id: orgId, id: account.id, ...accountColumns(account, now) })))
      .onConflict((oc) =>
        oc.columns(['org_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          code: eb.ref('excluded.code'),
          currency: eb.ref('excluded.currency'),
          address: eb.ref('excluded.address'),
          custom_fields: eb.ref('excluded.custom_fields'),
          parent_account_id: eb.ref('excluded.parent_account_id'),
          dt_last_modified: eb.ref('excluded.dt_last_modified'),
        })),
      )
      .execute();
  }
}

/** The org's accounts in id order, at most `limit` of them (for evaluating a filter over them). */
export async function listAccounts(db: Db, orgId: string, limit: number): Promise<StoredAccount[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toAccount);
}

/** How many accounts the org has. */
export async function countAccounts(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
