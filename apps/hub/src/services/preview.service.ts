import {
  applyTarget,
  compileAccountFilter,
  type MappingKey,
  Money,
  planBill,
  toDecimalString,
} from '@hub/core';
import { conflict, notFound } from '../http/errors.js';
import { findAccount } from '../repositories/accounts.repository.js';
import { listMappingsForSystem } from '../repositories/external-mappings.repository.js';
import { findIntegration } from '../repositories/integrations.repository.js';
import { latestProcessedVersion } from '../repositories/runs.repository.js';
import { listCreditPools, listLedgerEntries } from '../repositories/usage.repository.js';
import type { HubServices } from '../services.js';
import type { PreviewBody } from './ingest-bill.service.js';

export interface PreviewUsage {
  resourceId: string;
  dimension: string;
  /** Sum of the dimension's line amounts, in the integration's currency. */
  amount: string;
  /** `round(amount / unitPrice)`: what the destination should hold for this bill. */
  target: string;
  /** What the ledger says is already owed for (integration, bill, resource, dimension). */
  alreadyReported: string;
  /** `target − alreadyReported`. */
  delta: string;
  /** Credit available in the pool this key may draw on (policy-dependent). */
  creditAvailable: string;
  creditUsed: string;
  creditAdded: string;
  /** What a run would send now: the positive delta less credit used; 0 sends nothing. */
  quantity: string;
  lineItemIds: string[];
}

export interface PreviewResult {
  outcome: 'SEND' | 'SKIPPED' | 'ERROR';
  reason?: string;
  message?: string;
  resourceId?: string;
  missing?: MappingKey[];
  includedLineItemIds: string[];
  excludedLineItems: { id: string; reason: string }[];
  usage: PreviewUsage[];
}

const ZERO = '0';

/**
 * A dry run of one bill through one integration with the pipeline's own code (`planBill`, then the
 * ledger rule `applyTarget`), against the stored mappings, ledger and credit pools. Reads only.
 * The lifecycle states (disabled, no credential) are not gates here: it shows what *would* be sent.
 */
export async function previewBill(
  services: HubServices,
  orgId: string,
  integrationId: string,
  body: PreviewBody,
): Promise<PreviewResult> {
  const { db } = services;
  const integration = await findIntegration(db, orgId, integrationId);
  if (!integration) throw notFound('integration', integrationId);
  const adapter = services.adapters.get(integration.destination);
  if (!adapter) throw conflict(`the integration's destination ${integration.destination} is not available`);

  const { bill } = body;
  const account = body.account ?? (await findAccount(db, orgId, bill.accountId));
  const config = integration.configData;
  const plan = planBill({
    bill,
    account,
    integration,
    accountFilter: config.accountFilter ? compileAccountFilter(config.accountFilter) : null,
    latestProcessedVersion: await latestProcessedVersion(db, orgId, integration.id, bill.id),
    adapter,
    mappings: await listMappingsForSystem(db, orgId, adapter.externalSystem),
  });

  if (plan.outcome === 'SKIPPED') {
    return {
      outcome: 'SKIPPED',
      reason: plan.reason,
      message: plan.message,
      includedLineItemIds: plan.includedLineItemIds,
      excludedLineItems: plan.excludedLineItems,
      usage: [],
    };
  }
  if (plan.outcome === 'ERROR') {
    return {
      outcome: 'ERROR',
      reason: plan.reason,
      message: plan.message,
      missing: plan.missing,
      includedLineItemIds: plan.includedLineItemIds,
      excludedLineItems: plan.excludedLineItems,
      usage: [],
    };
  }

  const resourceId = plan.resourceId;
  // As the worker does: every key this bill already reported that the new version no longer has
  // gets target 0 (what was reported becomes credit).
  const ledger = await listLedgerEntries(db, { orgId, integrationId: integration.id, billId: bill.id });
  const keyOf = (resource: string, dimension: string) => `${resource}\u0000${dimension}`;
  const reported = new Map(ledger.map((entry) => [keyOf(entry.resourceId, entry.dimension), entry.reported]));
  const targets = plan.usage.map((usage) => ({ resourceId, ...usage }));
  const planned = new Set(targets.map((target) => keyOf(target.resourceId, target.dimension)));
  for (const entry of ledger) {
    if (planned.has(keyOf(entry.resourceId, entry.dimension))) continue;
    targets.push({
      resourceId: entry.resourceId,
      dimension: entry.dimension,
      amount: ZERO,
      target: ZERO,
      lineItemIds: [],
    });
  }

  // One pool per (resource, dimension), whatever the policy; the policy (and the key's own credit)
  // decide how much of it a positive delta may draw (core `applyTarget`).
  const poolKeyOf = (target: { resourceId: string; dimension: string }) =>
    `${target.resourceId}\u0000${target.dimension}`;
  const pools = await listCreditPools(db, {
    orgId,
    integrationId: integration.id,
    resourceIds: targets.map((target) => target.resourceId),
  });
  const credits = new Map(pools.map((pool) => [poolKeyOf(pool), pool.balance]));
  const ownCredit = new Map(
    ledger.map((entry) => [keyOf(entry.resourceId, entry.dimension), entry.ownCredit]),
  );

  const balances = new Map<string, Money>();
  const usage = targets.map((target): PreviewUsage => {
    const poolKey = poolKeyOf(target);
    const creditAvailable = balances.get(poolKey) ?? new Money(credits.get(poolKey) ?? ZERO);
    const alreadyReported = new Money(reported.get(keyOf(target.resourceId, target.dimension)) ?? ZERO);
    const decision = applyTarget({
      target: new Money(target.target),
      reported: alreadyReported,
      creditAvailable,
      ownCredit: new Money(ownCredit.get(keyOf(target.resourceId, target.dimension)) ?? ZERO),
      policy: config.overReportPolicy,
    });
    balances.set(poolKey, creditAvailable.minus(decision.creditUsed).plus(decision.creditAdded));
    return {
      resourceId: target.resourceId,
      dimension: target.dimension,
      amount: target.amount,
      target: target.target,
      alreadyReported: toDecimalString(alreadyReported),
      delta: toDecimalString(decision.delta),
      creditAvailable: toDecimalString(creditAvailable),
      creditUsed: toDecimalString(decision.creditUsed),
      creditAdded: toDecimalString(decision.creditAdded),
      quantity: toDecimalString(decision.send),
      lineItemIds: target.lineItemIds,
    };
  });
  return {
    outcome: 'SEND',
    resourceId,
    includedLineItemIds: plan.includedLineItemIds,
    excludedLineItems: plan.excludedLineItems,
    usage,
  };
}
