import { type Kysely, sql } from 'kysely';

/**
 * One credit pool per (integration, resource, dimension), whatever the over-report policy
 * (domain.md "The reporting ledger"); rejected usage gives its quantity back; usage waits on its
 * integration, not on a credential.
 * - `ledger_entries.own_credit`: the part of the pool a ledger key added and has not drawn back
 *   (what `RECORD_ONLY` lets the same bill draw); filled from the bill-scoped pools this replaces.
 * - `usage_entries.own_credit_used`: what an entry drew from its key's own credit, given back to it
 *   if the entry is finally rejected.
 * - bill-scoped pools (`bill_id` set, written under `RECORD_ONLY`) are folded into their
 *   dimension pool, so a credit recorded under one policy is spent under the other, once.
 * - `usage_events.credential_id` may be null: usage of an integration whose credential was
 *   disconnected waits for the next one connected.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger_entries add column own_credit numeric not null default 0`.execute(db);
  await sql`alter table usage_entries add column own_credit_used numeric not null default 0`.execute(db);
  await sql`alter table usage_events alter column credential_id drop not null`.execute(db);

  await sql`update ledger_entries l set own_credit = p.balance
    from credit_pools p
    where p.bill_id is not null and p.balance > 0
      and p.integration_config_id = l.integration_config_id and p.bill_id = l.bill_id
      and p.resource_id = l.resource_id and p.dimension = l.dimension`.execute(db);
  // The dimension pool's key as core's creditPoolKey writes it: JSON.stringify([integration,
  // resource, dimension, '*']); to_json(text)::text escapes a string as JSON.stringify does.
  await sql`insert into credit_pools (pool_key, org_id, integration_config_id, resource_id, dimension, bill_id, balance, dt_updated)
    select '[' || to_json(integration_config_id::text)::text || ',' || to_json(resource_id)::text || ','
             || to_json(dimension)::text || ',"*"]',
           min(org_id), integration_config_id, resource_id, dimension, null, sum(balance), now()
    from credit_pools where bill_id is not null
    group by integration_config_id, resource_id, dimension
    on conflict (pool_key) do update set balance = credit_pools.balance + excluded.balance, dt_updated = now()`.execute(
    db,
  );
  await sql`delete from credit_pools where bill_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table usage_entries drop column if exists own_credit_used`.execute(db);
  await sql`alter table ledger_entries drop column if exists own_credit`.execute(db);
}
