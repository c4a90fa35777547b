import { randomUUID } from 'node:crypto';
import {
  applyTarget,
  type Bill,
  type BillPlan,
  creditPoolKey,
  MappingIndex,
  type MarketplaceAdapter,
  Money,
  planBill,
  splitQuantity,
  toDecimalString,
} from '@hub/core';
import { type Insertable, type OperationNodeSource, sql, type Transaction } from 'kysely';
import type {
  AccountRow,
  Database,
  ExternalMappingRow,
  IntegrationRow,
  OutboxTable,
  UsageEntriesTable,
} from '../db/database.js';
import { toAccount } from '../repositories/accounts.repository.js';
import { selectMappingsForBill, toExternalMapping } from '../repositories/external-mappings.repository.js';
import { type StoredIntegration, toIntegration } from '../repositories/integrations.repository.js';
import { insertOutboxRows, outboxRow } from '../repositories/outbox.repository.js';
import type { HubServices } from '../services.js';
import { accountFilterFor } from './account-filter-cache.js';
import { integrationEventRows } from './integration-events.js';
import { recordRunOutcome } from './integration-health.js';

export type ProcessBillResult =
  | { outcome: 'IGNORED'; why: string }
  | { outcome: 'PARKED'; status: 'DISABLED' | 'AWAITING_CREDENTIAL' }
  | { outcome: 'SKIPPED' | 'ERROR'; reason: string }
  | { outcome: 'LEDGER'; status: 'STARTED' | 'COMPLETE'; usageEntries: number };

type Trx = Transaction<Database>;

/** A row as `to_jsonb` renders it: timestamps become ISO strings (everything else is as read). */
type JsonRow<R> = {
  [K in keyof R]: R[K] extends Date ? string : R[K] extends Date | null ? string | null : R[K];
};
const toDate = (value: string) => new Date(value);
const toDateOrNull = (value: string | null) => (value === null ? null : new Date(value));

interface ExistingLedgerEntry {
  resource_id: string;
  dimension: string;
  /** numeric, as text (never through a JSON number). */
  reported: string;
  own_credit: string;
}

/**
 * `bill.process.v1`: one bill version through one integration (domain.md "The pipeline"). The run
 * record, ledger, credits, usage entries, events and the submission job commit in ONE transaction;
 * a crash anywhere leaves either nothing (the job is retried and finds the run still WAITING) or the
 * complete record (a retry finds the run no longer WAITING and does nothing).
 *
 * Round trips are what a run costs, so reads are joined and writes batched: a run that sends usage
 * takes six statements whatever its number of dimensions: BEGIN; the run (locked) with its bill and
 * account, and the advisory lock; one read of what that lock protects (integration, latest processed
 * version, ledger rows locked, mappings); the credit pools (created or locked, in key order); one
 * statement of all writes; COMMIT.
 */
export async function processBill(services: HubServices, runId: string): Promise<ProcessBillResult> {
  return services.db.transaction().execute(async (trx) => {
    // The run, locked; then, only if it is WAITING, the advisory lock: versions of one bill for one
    // integration go through the ledger one at a time. The materialized CTE orders the two: its row
    // lock is taken before the outer select list (with the advisory lock) is evaluated. The bill
    // version is immutable and accounts are not written under that lock, so both come along.
    const loaded = await trx
      .with(
        (cte) => cte('run').materialized(),
        (qc) => qc.selectFrom('integration_runs').selectAll().where('id', '=', runId).forUpdate(),
      )
      .selectFrom('run as r')
      .leftJoin('bills as b', (join) =>
        join
          .onRef('b.org_id', '=', 'r.org_id')
          .onRef('b.id', '=', 'r.entity_id')
          .onRef('b.version', '=', 'r.bill_version'),
      )
      .leftJoin('accounts as a', (join) =>
        join.onRef('a.org_id', '=', 'r.org_id').onRef('a.id', '=', 'b.account_id'),
      )
      .selectAll('r')
      .select([
        'b.body as bill_body',
        sql<JsonRow<AccountRow> | null>`to_jsonb(a)`.as('account_row'),
        sql<unknown>`case when r.status = 'WAITING' then pg_advisory_xact_lock(hashtextextended(r.integration_config_id::text || ':' || r.entity_id, 0)) end`.as(
          'advisory_lock',
        ),
      ])
      .executeTakeFirst();
    if (!loaded) return { outcome: 'IGNORED', why: 'no such run' } as const;
    const { bill_body: billBody, account_row: accountRow, advisory_lock: _, ...run } = loaded;
    if (run.status !== 'WAITING') return { outcome: 'IGNORED', why: `run is ${run.status}` } as const;

    const now = services.now();
    const finishQuery = (
      status: string,
      fields: {
        reason?: string | null;
        errorCode?: string | null;
        errorMessage?: string | null;
        detail?: unknown;
        ledgerApplied?: boolean;
      },
    ) =>
      trx
        .updateTable('integration_runs')
        .set({
          status,
          reason: fields.reason ?? null,
          error_code: fields.errorCode ?? null,
          error_message: fields.errorMessage ?? null,
          detail: fields.detail === undefined ? null : JSON.stringify(fields.detail),
          ledger_applied: fields.ledgerApplied ?? false,
          dt_started: run.dt_started ?? now,
          dt_completed:
            status === 'STARTED' || status === 'DISABLED' || status === 'AWAITING_CREDENTIAL' ? null : now,
        })
        .where('id', '=', run.id);
    const finish = async (status: string, fields: Parameters<typeof finishQuery>[1]) => {
      await finishQuery(status, fields).execute();
    };

    // Stored by ingest after validation, with amounts as canonical decimal strings.
    const bill = billBody as unknown as Bill | null;
    const account = accountRow
      ? toAccount({
          ...accountRow,
          dt_created: toDate(accountRow.dt_created),
          dt_last_modified: toDate(accountRow.dt_last_modified),
        })
      : null;
    // After the lock, in one statement: the integration, the newest version this integration put
    // through the ledger, this bill's ledger rows (locked) and the mappings the bill can use (for
    // every destination system: the adapter is only known once the integration is read).
    const externalSystems = [...new Set([...services.adapters.values()].map((a) => a.externalSystem))];
    const context = await trx
      .selectNoFrom((eb) => [
        eb
          .selectFrom('integrations as i')
          .select(sql<JsonRow<IntegrationRow>>`to_jsonb(i)`.as('row'))
          .where('i.org_id', '=', run.org_id)
          .where('i.id', '=', run.integration_config_id)
          .where('i.dt_deleted', 'is', null)
          .as('integration'),
        eb
          .selectFrom('integration_runs')
          .select((eb) => eb.fn.max('bill_version').as('version'))
          // org_id adds nothing to the answer (an integration's runs are its org's) but lets the
          // (org_id, entity_id) index find this bill's runs without reading all of the integration's.
          .where('org_id', '=', run.org_id)
          .where('integration_config_id', '=', run.integration_config_id)
          .where('entity_id', '=', run.entity_id)
          .where('ledger_applied', '=', true)
          .as('latest'),
        eb
          .selectFrom(
            trx
              .selectFrom('ledger_entries')
              .select([
                'resource_id',
                'dimension',
                sql<string>`reported::text`.as('reported'),
                sql<string>`own_credit::text`.as('own_credit'),
              ])
              .where('integration_config_id', '=', run.integration_config_id)
              .where('bill_id', '=', run.entity_id)
              // In key order, as every other locker of ledger rows takes them: no deadlock cycles.
              .orderBy('resource_id')
              .orderBy('dimension')
              .forUpdate()
              .as('l'),
          )
          .select(sql<ExistingLedgerEntry[]>`coalesce(jsonb_agg(to_jsonb(l)), '[]'::jsonb)`.as('rows'))
          .as('ledger'),
      ])
      .$if(bill !== null, (qb) =>
        qb.select((eb) =>
          eb
            .selectFrom(
              // Only this bill's account and products/aggregations: never the org's whole mapping table.
              selectMappingsForBill(trx, run.org_id, externalSystems, bill!, account?.code).as('m'),
            )
            .select(
              sql<JsonRow<ExternalMappingRow>[]>`coalesce(jsonb_agg(to_jsonb(m)), '[]'::jsonb)`.as('rows'),
            )
            .as('mappings'),
        ),
      )
      .executeTakeFirstOrThrow();

    const integration = context.integration
      ? toIntegration({
          ...context.integration,
          dt_created: toDate(context.integration.dt_created),
          dt_last_modified: toDate(context.integration.dt_last_modified),
          dt_deleted: toDateOrNull(context.integration.dt_deleted),
        })
      : null;
    if (!integration) {
      await finish('SKIPPED', { reason: 'INTEGRATION_DELETED', errorMessage: 'the integration was deleted' });
      return { outcome: 'SKIPPED', reason: 'INTEGRATION_DELETED' } as const;
    }
    // Gates 1 and 2: parked, kept, and replayed when the integration is enabled or connected.
    if (!integration.enabled) {
      await finish('DISABLED', {
        reason: 'DISABLED',
        errorMessage: integration.disabledReason ?? 'the integration is disabled',
      });
      return { outcome: 'PARKED', status: 'DISABLED' } as const;
    }
    if (!integration.credentialId) {
      await finish('AWAITING_CREDENTIAL', {
        reason: 'AWAITING_CREDENTIAL',
        errorMessage: 'no credential is connected',
      });
      return { outcome: 'PARKED', status: 'AWAITING_CREDENTIAL' } as const;
    }
    const adapter = services.adapters.get(integration.destination);
    if (!adapter) {
      await finish('ERROR', {
        reason: 'UNKNOWN_DESTINATION',
        errorCode: 'UNKNOWN_DESTINATION',
        errorMessage: `no plugin for ${integration.destination}`,
      });
      return { outcome: 'ERROR', reason: 'UNKNOWN_DESTINATION' } as const;
    }
    if (!bill) throw new Error(`bill ${run.entity_id} v${run.bill_version} of run ${run.id} is not stored`);

    const mappings = (context.mappings ?? [])
      .filter((row) => row.external_system === adapter.externalSystem)
      .map((row) => toExternalMapping({ ...row, dt_created: toDate(row.dt_created) }));
    const plan = planBill({
      bill,
      account,
      integration,
      accountFilter: accountFilterFor(integration.configData.accountFilter),
      latestProcessedVersion: context.latest ?? null,
      adapter,
      mappings: new MappingIndex(mappings, integration.id, integration.configData),
    });
    const detail = {
      includedLineItemIds: plan.includedLineItemIds,
      excludedLineItems: plan.excludedLineItems,
    };

    if (plan.outcome === 'SKIPPED') {
      await finish('SKIPPED', { reason: plan.reason, errorMessage: plan.message, detail });
      return { outcome: 'SKIPPED', reason: plan.reason } as const;
    }
    if (plan.outcome === 'ERROR') {
      const event = integrationEventRows({
        orgId: run.org_id,
        eventName:
          plan.reason === 'MISSING_ACCOUNT_MAPPING'
            ? 'integration.missingaccountmapping.error'
            : 'integration.perform.error',
        integrationConfigId: integration.id,
        message: `bill ${run.entity_id} v${run.bill_version}: ${plan.message}`,
        data: { runId: run.id, billId: run.entity_id, reason: plan.reason, missing: plan.missing },
      });
      await executeTogether(trx, [
        trx.insertInto('events').values(event.event),
        ...(event.outbox ? [insertOutboxRows(trx, [event.outbox])] : []),
        finishQuery('ERROR', {
          reason: plan.reason,
          errorCode: plan.reason,
          errorMessage: plan.message,
          detail: { ...detail, missing: plan.missing },
        }),
      ]);
      await recordRunOutcome(trx, {
        orgId: run.org_id,
        integrationId: integration.id,
        outcome: 'ERROR',
        message: plan.message,
      });
      return { outcome: 'ERROR', reason: plan.reason } as const;
    }

    const ledger = await applyLedger(trx, {
      run,
      integration,
      adapter,
      plan,
      now,
      existing: context.ledger ?? [],
    });
    const usageEntries = ledger.created;
    const status = usageEntries > 0 ? 'STARTED' : 'COMPLETE';
    const outbox = [...ledger.outbox];
    if (usageEntries > 0) {
      outbox.push(
        outboxRow('usage.submit.v1', {
          orgId: run.org_id,
          credentialId: integration.credentialId,
          trigger: `run-${run.id}`,
        }),
      );
    }
    // Ledger, credits, usage entries, events, outbox and the run record: one statement.
    await executeTogether(trx, [
      ...ledger.writes,
      ...(outbox.length > 0 ? [insertOutboxRows(trx, outbox)] : []),
      finishQuery(status, {
        detail: { ...detail, usage: plan.usage, resourceId: plan.resourceId },
        ledgerApplied: true,
      }),
    ]);
    if (usageEntries === 0) {
      await recordRunOutcome(trx, { orgId: run.org_id, integrationId: integration.id, outcome: 'COMPLETE' });
    }
    return { outcome: 'LEDGER', status, usageEntries } as const;
  });
}

/**
 * Runs data-modifying statements in one round trip: `WITH w0 AS (...), w1 AS (...) <last>`. Postgres
 * runs every data-modifying CTE exactly once and to completion, all against one snapshot, so the
 * statements must not depend on each other's effects nor touch the same rows (here each writes its
 * own table, and every row they update is already locked by this transaction).
 */
async function executeTogether(trx: Trx, statements: readonly OperationNodeSource[]): Promise<void> {
  const last = statements[statements.length - 1];
  if (!last) return;
  const ctes = statements.slice(0, -1).map((statement, i) => sql`${sql.id(`w${i}`)} as (${statement})`);
  await (ctes.length === 0 ? sql`${last}` : sql`with ${sql.join(ctes)} ${last}`).execute(trx);
}

interface LedgerContext {
  run: { id: string; org_id: string; entity_id: string; bill_version: number };
  integration: StoredIntegration;
  adapter: MarketplaceAdapter<any>;
  plan: Extract<BillPlan, { outcome: 'SEND' }>;
  now: Date;
  /** This bill's ledger rows for the integration, already locked by the caller. */
  existing: readonly ExistingLedgerEntry[];
}

interface LedgerWrites {
  /** How many usage entries the writes create. */
  created: number;
  /** Statements still to run (they take no further locks): ledger, usage entries, pool balances, events. */
  writes: OperationNodeSource[];
  /** Outbox rows that go with them (a warning's notification). */
  outbox: Insertable<OutboxTable>[];
}

/**
 * Turns the plan's targets into what is still owed (core `applyTarget`), per (resource, dimension),
 * including keys this bill reported before that the new version no longer has (their target is 0,
 * so what was reported becomes credit). Creates and locks the credit pools involved; returns the
 * writes for the caller to run with the run record.
 */
async function applyLedger(
  trx: Trx,
  { run, integration, adapter, plan, now, existing }: LedgerContext,
): Promise<LedgerWrites> {
  const policy = integration.configData.overReportPolicy;
  // The destination's qualifier of the account (a plan, a license), read from its mapping by the plugin.
  const planId = adapter.mappings.account.eventPlanId?.(plan.accountMapping.metadata ?? null) ?? null;

  const keyOf = (resourceId: string, dimension: string) => `${resourceId}\u0000${dimension}`;
  const targets = new Map<
    string,
    { resourceId: string; dimension: string; target: string; amount: string }
  >();
  for (const entry of existing) {
    targets.set(keyOf(entry.resource_id, entry.dimension), {
      resourceId: entry.resource_id,
      dimension: entry.dimension,
      target: '0',
      amount: '0',
    });
  }
  for (const usage of plan.usage) {
    targets.set(keyOf(plan.resourceId, usage.dimension), {
      resourceId: plan.resourceId,
      dimension: usage.dimension,
      target: usage.target,
      amount: usage.amount,
    });
  }
  const existingByKey = new Map(existing.map((e) => [keyOf(e.resource_id, e.dimension), e]));
  // Sorted, so concurrent runs sharing credit pools always lock them in the same order.
  const keys = [...targets.keys()].sort();
  if (keys.length === 0) return { created: 0, writes: [], outbox: [] };

  const pools = keys.map((key) => {
    const t = targets.get(key)!;
    return {
      key,
      poolKey: creditPoolKey({
        integrationId: integration.id,
        resourceId: t.resourceId,
        dimension: t.dimension,
      }),
      ...t,
    };
  });
  const poolKeys = [...new Set(pools.map((p) => p.poolKey))].sort();
  // Creates the missing pools and locks the existing ones, one row at a time in key order: the
  // conflict update takes the same row lock as FOR UPDATE and returns the current balance (a new
  // pool's is 0). `dt_updated` is set again with the balance below.
  const poolRows = await trx
    .insertInto('credit_pools')
    .values(
      poolKeys.map((poolKey) => {
        const p = pools.find((x) => x.poolKey === poolKey)!;
        return {
          pool_key: poolKey,
          org_id: run.org_id,
          integration_config_id: integration.id,
          resource_id: p.resourceId,
          dimension: p.dimension,
          bill_id: null,
          balance: '0',
          dt_updated: now,
        };
      }),
    )
    .onConflict((oc) => oc.column('pool_key').doUpdateSet({ dt_updated: now }))
    .returning(['pool_key', 'balance'])
    .execute();
  const balances = new Map(poolRows.map((row) => [row.pool_key, new Money(row.balance)]));

  const ledgerRows: { resource_id: string; dimension: string; reported: string; own_credit: string }[] = [];
  const usageRows: Insertable<UsageEntriesTable>[] = [];
  const overReported: { resourceId: string; dimension: string; quantity: string }[] = [];
  for (const p of pools) {
    const before = existingByKey.get(p.key);
    const reported = new Money(before?.reported ?? '0');
    const decision = applyTarget({
      target: new Money(p.target),
      reported,
      creditAvailable: balances.get(p.poolKey) ?? new Money(0),
      ownCredit: new Money(before?.own_credit ?? '0'),
      policy,
    });
    balances.set(
      p.poolKey,
      (balances.get(p.poolKey) ?? new Money(0)).minus(decision.creditUsed).plus(decision.creditAdded),
    );
    ledgerRows.push({
      resource_id: p.resourceId,
      dimension: p.dimension,
      reported: toDecimalString(decision.reported),
      own_credit: toDecimalString(decision.ownCredit),
    });
    if (decision.overReported)
      overReported.push({
        resourceId: p.resourceId,
        dimension: p.dimension,
        quantity: toDecimalString(decision.creditAdded),
      });
    // A destination that caps one event's quantity gets what is owed in parts, each its own entry
    // (and later its own event and slot). The first part carries the credit the key drew, so a
    // rejection of that part gives it back exactly once.
    const parts = decision.send.gt(0) ? splitQuantity(decision.send, adapter.limits.maxEventQuantity) : [];
    for (const [index, part] of parts.entries()) {
      const first = index === 0;
      usageRows.push({
        id: randomUUID(),
        org_id: run.org_id,
        run_id: run.id,
        integration_config_id: integration.id,
        credential_id: integration.credentialId,
        bill_id: run.entity_id,
        bill_version: run.bill_version,
        resource_id: p.resourceId,
        dimension: p.dimension,
        plan_id: planId,
        amount: p.amount,
        target: p.target,
        reported_before: toDecimalString(reported),
        credit_used: first ? toDecimalString(decision.creditUsed) : '0',
        credit_added: first ? toDecimalString(decision.creditAdded) : '0',
        own_credit_used: first ? toDecimalString(decision.ownCreditUsed) : '0',
        quantity: toDecimalString(part),
        status: 'PENDING',
        usage_event_id: null,
      });
    }
  }

  const writes: OperationNodeSource[] = [
    trx
      .insertInto('ledger_entries')
      .values(
        ledgerRows.map((row) => ({
          org_id: run.org_id,
          integration_config_id: integration.id,
          bill_id: run.entity_id,
          ...row,
          bill_version: run.bill_version,
          dt_updated: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['integration_config_id', 'bill_id', 'resource_id', 'dimension']).doUpdateSet((eb) => ({
          reported: eb.ref('excluded.reported'),
          own_credit: eb.ref('excluded.own_credit'),
          bill_version: eb.ref('excluded.bill_version'),
          dt_updated: eb.ref('excluded.dt_updated'),
        })),
      ),
    sql`update credit_pools set balance = v.balance::numeric, dt_updated = ${now}
      from (values ${sql.join([...balances].map(([poolKey, balance]) => sql`(${poolKey}, ${toDecimalString(balance)})`))})
        as v (pool_key, balance)
      where credit_pools.pool_key = v.pool_key`,
  ];
  if (usageRows.length > 0) writes.push(trx.insertInto('usage_entries').values(usageRows));
  const outbox: Insertable<OutboxTable>[] = [];
  if (overReported.length > 0) {
    const list = overReported.map((o) => `${o.dimension} on ${o.resourceId}: ${o.quantity}`).join(', ');
    const event = integrationEventRows({
      orgId: run.org_id,
      eventName: 'integration.overreport.warning',
      integrationConfigId: integration.id,
      message: `bill ${run.entity_id} v${run.bill_version} is lower than what was already reported; recorded as credit (${policy}): ${list}`,
      data: { runId: run.id, billId: run.entity_id, billVersion: run.bill_version, policy, overReported },
    });
    writes.push(trx.insertInto('events').values(event.event));
    if (event.outbox) outbox.push(event.outbox);
  }
  return { created: usageRows.length, writes, outbox };
}
