import { sql } from 'kysely';
import type { Db, UsageEntryRow, UsageEventRow } from '../db/database.js';
import { isUuid } from './integrations.repository.js';

/**
 * `VERIFYING`: expired after an attempt that got no clear answer; the destination is being asked
 * whether it holds it. `UNCLEAR`: that could not be settled; parked for the operator.
 */
export const USAGE_EVENT_STATUSES = [
  'PENDING',
  'ACCEPTED',
  'REJECTED',
  'EXPIRED_RESLOTTED',
  'VERIFYING',
  'UNCLEAR',
] as const;
export type UsageEventStatus = (typeof USAGE_EVENT_STATUSES)[number];

/** A run's usage entries (what it owes), oldest first. */
export async function listRunUsageEntries(db: Db, orgId: string, runId: string): Promise<UsageEntryRow[]> {
  if (!isUuid(runId)) return [];
  return db
    .selectFrom('usage_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .orderBy('dt_created')
    .orderBy('id')
    .execute();
}

/** The ledger rows of one (integration, bill): what is already owed per (resource, dimension). */
export async function listLedgerEntries(
  db: Db,
  key: { orgId: string; integrationId: string; billId: string },
): Promise<{ resourceId: string; dimension: string; reported: string; ownCredit: string }[]> {
  if (!isUuid(key.integrationId)) return [];
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['resource_id', 'dimension', 'reported', 'own_credit'])
    .where('org_id', '=', key.orgId)
    .where('integration_config_id', '=', key.integrationId)
    .where('bill_id', '=', key.billId)
    .orderBy('resource_id')
    .orderBy('dimension')
    .execute();
  return rows.map((row) => ({
    resourceId: row.resource_id,
    dimension: row.dimension,
    reported: row.reported,
    ownCredit: row.own_credit,
  }));
}

export interface CreditPoolBalance {
  resourceId: string;
  dimension: string;
  balance: string;
}

/**
 * The integration's credit pools (one per resource and dimension) for the given resources. Found by
 * their columns rather than `pool_key`, so the reader doesn't depend on how keys are encoded.
 */
export async function listCreditPools(
  db: Db,
  key: { orgId: string; integrationId: string; resourceIds: readonly string[] },
): Promise<CreditPoolBalance[]> {
  if (!isUuid(key.integrationId) || key.resourceIds.length === 0) return [];
  const rows = await db
    .selectFrom('credit_pools')
    .select(['resource_id', 'dimension', 'balance'])
    .where('org_id', '=', key.orgId)
    .where('integration_config_id', '=', key.integrationId)
    .where('resource_id', 'in', [...new Set(key.resourceIds)])
    .execute();
  return rows.map((row) => ({ resourceId: row.resource_id, dimension: row.dimension, balance: row.balance }));
}

export interface UsageEventFilter {
  billId?: string | undefined;
  integrationConfigId?: string | undefined;
  status?: string | undefined;
  /** Events carrying usage of a bill of this account (through their usage entries). */
  accountId?: string | undefined;
  resourceId?: string | undefined;
  dimension?: string | undefined;
  /** `effective_start_time` at or after. */
  effectiveFrom?: Date | undefined;
  /** `effective_start_time` before. */
  effectiveTo?: Date | undefined;
}

/** Usage events newest first, keyset-paginated like runs (millisecond creation time, id). */
export async function listUsageEvents(
  db: Db,
  orgId: string,
  filter: UsageEventFilter,
  page: { after: { t: string; id: string } | null; limit: number },
): Promise<UsageEventRow[]> {
  if (filter.integrationConfigId !== undefined && !isUuid(filter.integrationConfigId)) return [];
  let query = db.selectFrom('usage_events').selectAll().where('org_id', '=', orgId);
  if (filter.integrationConfigId !== undefined)
    query = query.where('integration_config_id', '=', filter.integrationConfigId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.resourceId !== undefined) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.dimension !== undefined) query = query.where('dimension', '=', filter.dimension);
  if (filter.effectiveFrom !== undefined)
    query = query.where('effective_start_time', '>=', filter.effectiveFrom);
  if (filter.effectiveTo !== undefined) query = query.where('effective_start_time', '<', filter.effectiveTo);
  if (filter.accountId !== undefined) {
    const accountId = filter.accountId;
    // An event's entries name their bill version; the bill names the account.
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('usage_entries')
          .innerJoin('bills', (join) =>
            join
              .onRef('bills.org_id', '=', 'usage_entries.org_id')
              .onRef('bills.id', '=', 'usage_entries.bill_id')
              .onRef('bills.version', '=', 'usage_entries.bill_version'),
          )
          .select('usage_entries.id')
          .where('usage_entries.org_id', '=', orgId)
          .where('bills.account_id', '=', accountId)
          .whereRef('usage_entries.usage_event_id', '=', 'usage_events.id'),
      ),
    );
  }
  if (filter.billId !== undefined) {
    const billId = filter.billId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('usage_entries')
          .select('usage_entries.id')
          .where('usage_entries.org_id', '=', orgId)
          .where('usage_entries.bill_id', '=', billId)
          .whereRef('usage_entries.usage_event_id', '=', 'usage_events.id'),
      ),
    );
  }
  if (page.after) {
    query = query.where(
      sql<boolean>`(date_trunc('milliseconds', usage_events.dt_created), usage_events.id) < (${new Date(page.after.t)}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  return query
    .orderBy(sql`date_trunc('milliseconds', usage_events.dt_created)`, 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

/** The bills whose usage entries an event carries, per event id (sorted, distinct). */
export async function listBillIdsOfEvents(
  db: Db,
  orgId: string,
  eventIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (eventIds.length === 0) return result;
  const rows = await db
    .selectFrom('usage_entries')
    .select(['usage_event_id', 'bill_id'])
    .distinct()
    .where('org_id', '=', orgId)
    .where('usage_event_id', 'in', [...eventIds])
    .orderBy('usage_event_id')
    .orderBy('bill_id')
    .execute();
  for (const row of rows) {
    if (row.usage_event_id === null) continue;
    const list = result.get(row.usage_event_id) ?? [];
    list.push(row.bill_id);
    result.set(row.usage_event_id, list);
  }
  return result;
}

export interface ReportFilter {
  billId?: string | undefined;
  accountId?: string | undefined;
}

/** The bills a usage report covers: each bill once, with the account of its newest version. */
export async function listReportBills(
  db: Db,
  orgId: string,
  filter: ReportFilter,
): Promise<{ billId: string; accountId: string }[]> {
  let query = db
    .selectFrom('bills')
    .select(['id', 'account_id'])
    .distinctOn('id')
    .where('org_id', '=', orgId);
  if (filter.billId !== undefined) query = query.where('id', '=', filter.billId);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  const rows = await query.orderBy('id').orderBy('version', 'desc').execute();
  return rows.map((row) => ({ billId: row.id, accountId: row.account_id }));
}

/** `bill_id in (the bills the report covers)`, as a subquery so no id list is sent. */
function reportBillIds(db: Db, orgId: string, filter: ReportFilter) {
  let query = db.selectFrom('bills').select('bills.id').where('bills.org_id', '=', orgId);
  if (filter.billId !== undefined) query = query.where('bills.id', '=', filter.billId);
  if (filter.accountId !== undefined) query = query.where('bills.account_id', '=', filter.accountId);
  return query;
}

/** Which destinations each covered bill was run through (any run, any outcome). */
export async function listReportDestinations(
  db: Db,
  orgId: string,
  filter: ReportFilter,
): Promise<{ billId: string; destination: string }[]> {
  const rows = await db
    .selectFrom('integration_runs')
    .innerJoin('integrations', 'integrations.id', 'integration_runs.integration_config_id')
    .select(['integration_runs.entity_id', 'integrations.destination'])
    .distinct()
    .where('integration_runs.org_id', '=', orgId)
    .where('integration_runs.entity_type', '=', 'Bill')
    .where('integration_runs.entity_id', 'in', reportBillIds(db, orgId, filter))
    .execute();
  return rows.map((row) => ({ billId: row.entity_id, destination: row.destination }));
}

/**
 * Accepted usage per (bill, destination, dimension, event hour). An event merged from several
 * bills contributes to each bill only that bill's own usage entries' quantities. Summed in SQL
 * `numeric`, so exactly.
 */
export async function listReportAcceptedUsage(
  db: Db,
  orgId: string,
  filter: ReportFilter,
): Promise<
  { billId: string; destination: string; dimension: string; effectiveStartTime: Date; quantity: string }[]
> {
  const rows = await db
    .selectFrom('usage_entries')
    .innerJoin('usage_events', 'usage_events.id', 'usage_entries.usage_event_id')
    .select((eb) => [
      'usage_entries.bill_id',
      'usage_events.destination',
      'usage_events.dimension',
      sql<Date>`coalesce(usage_events.effective_start_time, usage_events.dt_updated)`.as('slot'),
      eb.fn.sum<string>('usage_entries.quantity').as('quantity'),
    ])
    .where('usage_entries.org_id', '=', orgId)
    .where('usage_events.org_id', '=', orgId)
    .where('usage_events.status', '=', 'ACCEPTED')
    .where('usage_entries.bill_id', 'in', reportBillIds(db, orgId, filter))
    .groupBy([
      'usage_entries.bill_id',
      'usage_events.destination',
      'usage_events.dimension',
      sql`coalesce(usage_events.effective_start_time, usage_events.dt_updated)`,
    ])
    .orderBy('usage_entries.bill_id')
    .orderBy('usage_events.dimension')
    .orderBy(sql`coalesce(usage_events.effective_start_time, usage_events.dt_updated)`)
    .execute();
  return rows.map((row) => ({
    billId: row.bill_id,
    destination: row.destination,
    dimension: row.dimension,
    effectiveStartTime: new Date(row.slot),
    quantity: String(row.quantity),
  }));
}

/**
 * Positive credit balances per (bill, destination, dimension): each ledger key's own credit (what
 * its bill's lowered versions over-reported), capped by what is left in its pool — under
 * CARRY_FORWARD other bills may have spent part of it.
 */
export async function listReportCredits(
  db: Db,
  orgId: string,
  filter: ReportFilter,
): Promise<{ billId: string; destination: string; dimension: string; balance: string }[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .innerJoin('integrations', 'integrations.id', 'ledger_entries.integration_config_id')
    .innerJoin('credit_pools', (join) =>
      join
        .onRef('credit_pools.integration_config_id', '=', 'ledger_entries.integration_config_id')
        .onRef('credit_pools.resource_id', '=', 'ledger_entries.resource_id')
        .onRef('credit_pools.dimension', '=', 'ledger_entries.dimension'),
    )
    .select([
      'ledger_entries.bill_id',
      'integrations.destination',
      'ledger_entries.dimension',
      sql<string>`least(ledger_entries.own_credit, credit_pools.balance)::text`.as('balance'),
    ])
    .where('ledger_entries.org_id', '=', orgId)
    .where('ledger_entries.own_credit', '>', '0')
    .where('credit_pools.balance', '>', '0')
    .where('ledger_entries.bill_id', 'in', reportBillIds(db, orgId, filter))
    .execute();
  return rows.map((row) => ({
    billId: row.bill_id,
    destination: row.destination,
    dimension: row.dimension,
    balance: row.balance,
  }));
}
