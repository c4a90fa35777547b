import type { MarketplaceAdapter } from '../adapter/marketplace-adapter.js';
import { normalizeResourceId } from '../adapter/resource-id.js';
import {
  MappingIndex,
  type MappingKey,
  type MappingTarget,
  resolveAccountMapping,
} from '../mappings/resolve-mappings.js';
import type { Account } from '../model/account.js';
import type { Bill } from '../model/bill.js';
import type { ExternalMapping } from '../model/external-mapping.js';
import type { IntegrationConfig } from '../model/integration-config.js';
import { chooseAmountSource } from './amounts.js';
import { type AccountFilterPredicate, checkGates } from './gates.js';
import { selectLineItems } from './line-item-filter.js';
import type { ExcludedLineItem, PlanErrorReason, SkipReason } from './reasons.js';
import type { DimensionUsage } from './split.js';

export interface PlanBillInput {
  bill: Bill;
  account: Account | null;
  integration: Pick<IntegrationConfig, 'id' | 'accountIds' | 'restrictedAccountIds' | 'configData'>;
  accountFilter: AccountFilterPredicate | null;
  latestProcessedVersion: number | null;
  adapter: Pick<MarketplaceAdapter, 'externalSystem' | 'mappings' | 'planUsage' | 'normalizeResourceId'>;
  /** The org's mappings for this destination; or a prebuilt index for this integration. */
  mappings: Iterable<ExternalMapping> | MappingIndex;
}

export type BillPlan =
  | {
      outcome: 'SEND';
      resourceId: string;
      accountMapping: ExternalMapping;
      includedLineItemIds: string[];
      excludedLineItems: ExcludedLineItem[];
      usage: DimensionUsage[];
    }
  | {
      outcome: 'SKIPPED';
      reason: SkipReason;
      message: string;
      includedLineItemIds: string[];
      excludedLineItems: ExcludedLineItem[];
    }
  | {
      outcome: 'ERROR';
      reason: PlanErrorReason;
      message: string;
      /** For mapping errors: every missing mapping. */
      missing: MappingKey[];
      includedLineItemIds: string[];
      excludedLineItems: ExcludedLineItem[];
    };

/**
 * Steps 3 to 11 of domain.md "The pipeline" for one bill version and one integration: the gates,
 * the currency rule, line-item filters, account mapping, then the adapter's split into dimensions
 * with target quantities. Pure: the host applies the ledger and stores the result; the preview
 * returns it as is.
 */
export function planBill(input: PlanBillInput): BillPlan {
  const { bill, integration, adapter } = input;
  const config = integration.configData;

  const gate = checkGates(input);
  if (gate.outcome === 'SKIPPED') return { ...gate, includedLineItemIds: [], excludedLineItems: [] };
  if (gate.outcome === 'ERROR')
    return { ...gate, missing: [], includedLineItemIds: [], excludedLineItems: [] };

  const source = chooseAmountSource(bill, config);
  if (!source.ok) {
    return {
      outcome: 'ERROR',
      reason: source.reason,
      message: source.message,
      missing: [],
      includedLineItemIds: [],
      excludedLineItems: [],
    };
  }

  const { included, excluded } = selectLineItems(bill.lineItems, config, source);
  const includedLineItemIds = included.map((item) => item.lineItem.id);

  const index =
    input.mappings instanceof MappingIndex
      ? input.mappings
      : new MappingIndex(input.mappings, integration.id, config);
  const accountTarget: MappingTarget = {
    externalSystem: adapter.externalSystem,
    externalTable: adapter.mappings.account.externalTable,
  };
  const account = resolveAccountMapping(index, accountTarget, bill, config, input.account?.code);
  if (!account.ok) {
    return {
      outcome: 'ERROR',
      reason: account.reason,
      message: account.message,
      missing: account.missing,
      includedLineItemIds,
      excludedLineItems: excluded,
    };
  }

  const dimensionTarget: MappingTarget = {
    externalSystem: adapter.externalSystem,
    externalTable: adapter.mappings.dimension.externalTable,
  };
  const split = adapter.planUsage({ included, config, mappings: index, dimensionTarget });
  if (!split.ok) {
    return {
      outcome: 'ERROR',
      reason: split.reason,
      message: split.message,
      missing: split.missing,
      includedLineItemIds,
      excludedLineItems: excluded,
    };
  }
  return {
    outcome: 'SEND',
    // Mappings are stored normalised; this also covers ones saved before the rule existed, so every
    // ledger key, slot and outcome sees one spelling per resource.
    resourceId: normalizedOrAsIs(input.adapter, account.mapping.externalId),
    accountMapping: account.mapping,
    includedLineItemIds,
    excludedLineItems: excluded,
    usage: split.usage,
  };
}

/** A refused legacy value is kept: the destination then answers with its own clear rejection. */
function normalizedOrAsIs(
  adapter: Pick<MarketplaceAdapter, 'normalizeResourceId'>,
  externalId: string,
): string {
  const checked = normalizeResourceId(adapter, externalId);
  return checked.ok ? checked.value : externalId;
}
