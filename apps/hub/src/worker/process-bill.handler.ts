import { randomUUID } from 'node:crypto';
import {
  applyTarget,
  type Bill,
  type BillPlan,
  creditPoolKey,
  MappingIndex,
  Money,
  planBill,
  toDecimalString,
} from '@hub/core';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { findAccount } from '../repositories/accounts.repository.js';
import { listMappingsForSystem } from '../repositories/external-mappings.repository.js';
import { findIntegration, type StoredIntegration } from '../repositories/integrations.repository.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import type { HubServices } from '../services.js';
import { accountFilterFor } from './account-filter-cache.js';
import { recordIntegrationEvent } from './integration-events.js';
import { recordRunOutcome } from './integration-health.js';

export type ProcessBillResult =
  | { outcome: 'IGNORED'; why: string }
  | { outcome: 'PARKED'; status: 'DISABLED' | 'AWAITING_CREDENTIAL' }
  | { outcome: 'SKIPPED' | 'ERROR'; reason: string }
  | { outcome: 'LEDGER'; status: 'STARTED' | 'COMPLETE'; usageEntries: number };

type Trx = Transaction<Database>;

/**
 * `bill.process.v1`: one bill version through one integration (domain.md "The pipeline"). The run
 * record, ledger, credits, usage entries, events and the submission job commit in ONE transaction;
 * a crash anywhere leaves either nothing (the job is retried and finds the run still WAITING) or the
 * complete record (a retry finds the run no longer WAITING and does nothing).
 */
export async function processBill(services: HubServices, runId: string): Promise<ProcessBillResult> {
  return services.db.transaction().execute(async (trx) => {
    const run = await trx
      .selectFrom('integration_runs')
      .selectAll()
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst();
    if (!run) return { outcome: 'IGNORED', why: 'no such run' } as const;
    if (run.status !== 'WAITING') return { outcome: 'IGNORED', why: `run is ${run.status}` } as const;

    // Versions of one bill for one integration go through the ledger one at a time.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${run.integration_config_id}:${run.entity_id}`}, 0))`.execute(
      trx,
    );

    const now = services.now();
    const finish = (
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
        .where('id', '=', run.id)
        .execute();

    const integration = await findIntegration(trx, run.org_id, run.integration_config_id);
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

    const billRow = await trx
      .selectFrom('bills')
      .select('body')
      .where('org_id', '=', run.org_id)
      .where('id', '=', run.entity_id)
      .where('version', '=', run.bill_version)
      .executeTakeFirstOrThrow();
    // Stored by ingest after validation, with amounts as canonical decimal strings.
    const bill = billRow.body as unknown as Bill;
    const [account, mappings, latest] = await Promise.all([
      findAccount(trx, run.org_id, bill.accountId),
      listMappingsForSystem(trx, run.org_id, adapter.externalSystem),
      trx
        .selectFrom('integration_runs')
        .select((eb) => eb.fn.max('bill_version').as('version'))
        .where('integration_config_id', '=', integration.id)
        .where('entity_id', '=', run.entity_id)
        .where('ledger_applied', '=', true)
        .executeTakeFirst(),
    ]);

    const plan = planBill({
      bill,
      account,
      integration,
      accountFilter: accountFilterFor(integration.configData.accountFilter),
      latestProcessedVersion: latest?.version ?? null,
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
      await finish('ERROR', {
        reason: plan.reason,
        errorCode: plan.reason,
        errorMessage: plan.message,
        detail: { ...detail, missing: plan.missing },
      });
      await recordIntegrationEvent(trx, {
        orgId: run.org_id,
        eventName:
          plan.reason === 'MISSING_ACCOUNT_MAPPING'
            ? 'integration.missingaccountmapping.error'
            : 'integration.perform.error',
        integrationConfigId: integration.id,
        message: `bill ${run.entity_id} v${run.bill_version}: ${plan.message}`,
        data: { runId: run.id, billId: run.entity_id, reason: plan.reason, missing: plan.missing },
      });
      await recordRunOutcome(trx, {
        orgId: run.org_id,
        integrationId: integration.id,
        outcome: 'ERROR',
        message: plan.message,
      });
      return { outcome: 'ERROR', reason: plan.reason } as const;
    }

    const usageEntries = await applyLedger(trx, { run, integration, plan, now });
    const status = usageEntries > 0 ? 'STARTED' : 'COMPLETE';
    await finish(status, {
      detail: { ...detail, usage: plan.usage, resourceId: plan.resourceId },
      ledgerApplied: true,
    });
    if (usageEntries > 0) {
      await enqueueInTransaction(trx, 'usage.submit.v1', {
        orgId: run.org_id,
        credentialId: integration.credentialId,
        trigger: `run-${run.id}`,
      });
    } else {
      await recordRunOutcome(trx, { orgId: run.org_id, integrationId: integration.id, outcome: 'COMPLETE' });
    }
    return { outcome: 'LEDGER', status, usageEntries } as const;
  });
}

interface LedgerContext {
  run: { id: string; org_id: string; entity_id: string; bill_version: number };
  integration: StoredIntegration;
  plan: Extract<BillPlan, { outcome: 'SEND' }>;
  now: Date;
}

/**
 * Turns the plan's targets into what is still owed (core `applyTarget`), per (resource, dimension),
 * including keys this bill reported before that the new version no longer has (their target is 0,
 * so what was reported becomes credit). Returns how many usage entries were created.
 */
async function applyLedger(trx: Trx, { run, integration, plan, now }: LedgerContext): Promise<number> {
  const policy = integration.configData.overReportPolicy;
  const planId =
    typeof plan.accountMapping.metadata?.planId === 'string' ? plan.accountMapping.metadata.planId : null;

  const existing = await trx
    .selectFrom('ledger_entries')
    .selectAll()
    .where('integration_config_id', '=', integration.id)
    .where('bill_id', '=', run.entity_id)
    .forUpdate()
    .execute();

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
  const reportedByKey = new Map(existing.map((e) => [keyOf(e.resource_id, e.dimension), e.reported]));
  // Sorted, so concurrent runs sharing credit pools always lock them in the same order.
  const keys = [...targets.keys()].sort();
  if (keys.length === 0) return 0;

  const pools = keys.map((key) => {
    const t = targets.get(key)!;
    return {
      key,
      poolKey: creditPoolKey(policy, {
        integrationId: integration.id,
        billId: run.entity_id,
        resourceId: t.resourceId,
        dimension: t.dimension,
      }),
      ...t,
    };
  });
  const poolKeys = [...new Set(pools.map((p) => p.poolKey))].sort();
  await trx
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
          bill_id: policy === 'RECORD_ONLY' ? run.entity_id : null,
          balance: '0',
          dt_updated: now,
        };
      }),
    )
    .onConflict((oc) => oc.column('pool_key').doNothing())
    .execute();
  const poolRows = await trx
    .selectFrom('credit_pools')
    .select(['pool_key', 'balance'])
    .where('pool_key', 'in', poolKeys)
    .orderBy('pool_key')
    .forUpdate()
    .execute();
  const balances = new Map(poolRows.map((row) => [row.pool_key, new Money(row.balance)]));

  let created = 0;
  const overReported: { resourceId: string; dimension: string; quantity: string }[] = [];
  for (const p of pools) {
    const reported = new Money(reportedByKey.get(p.key) ?? '0');
    const decision = applyTarget({
      target: new Money(p.target),
      reported,
      creditAvailable: balances.get(p.poolKey) ?? new Money(0),
    });
    balances.set(
      p.poolKey,
      (balances.get(p.poolKey) ?? new Money(0)).minus(decision.creditUsed).plus(decision.creditAdded),
    );
    await trx
      .insertInto('ledger_entries')
      .values({
        org_id: run.org_id,
        integration_config_id: integration.id,
        bill_id: run.entity_id,
        resource_id: p.resourceId,
        dimension: p.dimension,
        reported: toDecimalString(decision.reported),
        bill_version: run.bill_version,
        dt_updated: now,
      })
      .onConflict((oc) =>
        oc.columns(['integration_config_id', 'bill_id', 'resource_id', 'dimension']).doUpdateSet({
          reported: toDecimalString(decision.reported),
          bill_version: run.bill_version,
          dt_updated: now,
        }),
      )
      .execute();
    if (decision.overReported)
      overReported.push({
        resourceId: p.resourceId,
        dimension: p.dimension,
        quantity: toDecimalString(decision.creditAdded),
      });
    if (decision.send.gt(0)) {
      created += 1;
      await trx
        .insertInto('usage_entries')
        .values({
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
          credit_used: toDecimalString(decision.creditUsed),
          credit_added: toDecimalString(decision.creditAdded),
          quantity: toDecimalString(decision.send),
          status: 'PENDING',
          usage_event_id: null,
        })
        .execute();
    }
  }
  for (const [poolKey, balance] of balances) {
    await trx
      .updateTable('credit_pools')
      .set({ balance: toDecimalString(balance), dt_updated: now })
      .where('pool_key', '=', poolKey)
      .execute();
  }
  if (overReported.length > 0) {
    const list = overReported.map((o) => `${o.dimension} on ${o.resourceId}: ${o.quantity}`).join(', ');
    await recordIntegrationEvent(trx, {
      orgId: run.org_id,
      eventName: 'integration.overreport.warning',
      integrationConfigId: integration.id,
      message: `bill ${run.entity_id} v${run.bill_version} is lower than what was already reported; recorded as credit (${policy}): ${list}`,
      data: { runId: run.id, billId: run.entity_id, billVersion: run.bill_version, policy, overReported },
    });
  }
  return created;
}
