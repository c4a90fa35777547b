import { creditPoolKey, Money, releaseRejected, toDecimalString } from '@hub/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Which pending usage entries to reject: by id, or every entry of some events. */
export type RejectedUsage = { entryIds: readonly string[] } | { eventIds: readonly string[] };

/**
 * Marks pending usage entries `REJECTED` and gives their quantity back to the ledger, in the caller's
 * transaction (domain.md "The reporting ledger": `reported` means pending or accepted). Per entry the
 * key's `reported` drops by what the entry accounted for (its quantity plus the credit it drew) and
 * that credit returns to the (integration, resource, dimension) pool — core `releaseRejected`.
 *
 * Only entries still PENDING are changed, so running this twice for the same rejection gives back
 * nothing the second time. Locks are taken in the order `bill.process` takes them (ledger rows, then
 * pools, each sorted by key), so the two never wait on each other in a cycle.
 *
 * Returns the runs whose entries were rejected.
 */
export async function rejectUsageEntries(trx: Db, which: RejectedUsage): Promise<string[]> {
  const ids = 'entryIds' in which ? which.entryIds : which.eventIds;
  if (ids.length === 0) return [];
  const rejected = await trx
    .updateTable('usage_entries')
    .set({ status: 'REJECTED' })
    .where('entryIds' in which ? 'id' : 'usage_event_id', 'in', [...ids])
    .where('status', '=', 'PENDING')
    .returning([
      'run_id',
      'integration_config_id',
      'bill_id',
      'resource_id',
      'dimension',
      'quantity',
      'credit_used',
      'own_credit_used',
    ])
    .execute();
  if (rejected.length === 0) return [];

  const ledgerKey = (e: (typeof rejected)[number]) =>
    JSON.stringify([e.integration_config_id, e.bill_id, e.resource_id, e.dimension]);
  const byLedgerKey = new Map<
    string,
    { entry: (typeof rejected)[number]; reported: Money; ownCredit: Money; pool: Money }
  >();
  for (const entry of rejected) {
    const key = ledgerKey(entry);
    const zero = new Money(0);
    const current = byLedgerKey.get(key) ?? { entry, reported: zero, ownCredit: zero, pool: zero };
    // The change as a difference from "nothing": applied to the stored row by the update below.
    const released = releaseRejected(
      { reported: current.reported, ownCredit: current.ownCredit, poolBalance: current.pool },
      {
        quantity: new Money(entry.quantity),
        creditUsed: new Money(entry.credit_used),
        ownCreditUsed: new Money(entry.own_credit_used),
      },
    );
    byLedgerKey.set(key, {
      entry,
      reported: released.reported,
      ownCredit: released.ownCredit,
      pool: released.poolBalance,
    });
  }

  const keys = [...byLedgerKey.keys()].sort();
  const matchLedger = (alias: string) =>
    sql.join(
      keys.map((key) => {
        const { entry } = byLedgerKey.get(key)!;
        return sql`(${sql.ref(`${alias}.integration_config_id`)} = ${entry.integration_config_id}::uuid and ${sql.ref(`${alias}.bill_id`)} = ${entry.bill_id} and ${sql.ref(`${alias}.resource_id`)} = ${entry.resource_id} and ${sql.ref(`${alias}.dimension`)} = ${entry.dimension})`;
      }),
      sql` or `,
    ) as Expression<SqlBool>;
  await sql`select 1 from ledger_entries l where ${matchLedger('l')}
    order by l.integration_config_id, l.bill_id, l.resource_id, l.dimension for update`.execute(trx);
  const ledgerValues = sql.join(
    keys.map((key) => {
      const { entry, reported, ownCredit } = byLedgerKey.get(key)!;
      return sql`(${entry.integration_config_id}::uuid, ${entry.bill_id}, ${entry.resource_id}, ${entry.dimension}, ${toDecimalString(reported)}::numeric, ${toDecimalString(ownCredit)}::numeric)`;
    }),
  );
  await sql`update ledger_entries l set reported = l.reported + v.reported, own_credit = l.own_credit + v.own_credit, dt_updated = now()
    from (values ${ledgerValues}) as v (integration_config_id, bill_id, resource_id, dimension, reported, own_credit)
    where l.integration_config_id = v.integration_config_id and l.bill_id = v.bill_id
      and l.resource_id = v.resource_id and l.dimension = v.dimension`.execute(trx);

  const pools = new Map<string, Money>();
  for (const { entry, pool } of byLedgerKey.values()) {
    if (pool.isZero()) continue;
    const poolKey = creditPoolKey({
      integrationId: entry.integration_config_id,
      resourceId: entry.resource_id,
      dimension: entry.dimension,
    });
    pools.set(poolKey, (pools.get(poolKey) ?? new Money(0)).plus(pool));
  }
  if (pools.size > 0) {
    const poolKeys = [...pools.keys()].sort();
    await sql`select 1 from credit_pools where pool_key in (${sql.join(poolKeys)}) order by pool_key for update`.execute(
      trx,
    );
    const poolValues = sql.join(
      poolKeys.map((key) => sql`(${key}, ${toDecimalString(pools.get(key)!)}::numeric)`),
    );
    await sql`update credit_pools p set balance = p.balance + v.amount, dt_updated = now()
      from (values ${poolValues}) as v (pool_key, amount) where p.pool_key = v.pool_key`.execute(trx);
  }
  return [...new Set(rejected.map((e) => e.run_id))];
}
