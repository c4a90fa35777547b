import type { Decimal } from 'decimal.js';
import type { MappingIndex, MappingKey, MappingTarget } from '../mappings/resolve-mappings.js';
import type { ConfigData } from '../model/integration-config.js';
import { Money, toDecimalString } from '../money/decimal.js';
import { amountToQuantity } from '../money/quantity.js';
import type { IncludedLineItem } from './line-item-filter.js';

/** What one dimension of one subscription is owed for a bill version, before the ledger. */
export interface DimensionUsage {
  dimension: string;
  /** Sum of the line amounts, decimal string in the integration's currency. */
  amount: string;
  /** `round(amount / unitPrice, quantityDecimalPlaces)`, decimal string; may be ≤ 0. */
  target: string;
  lineItemIds: string[];
}

export type SplitResult =
  | { ok: true; usage: DimensionUsage[] }
  | {
      ok: false;
      reason: 'MISSING_DIMENSION_MAPPING';
      message: string;
      /** Every entity that has no dimension mapping. */
      missing: MappingKey[];
      /** Line items that carry no product / aggregation to group by. */
      lineItemsWithoutKey: string[];
    };

/** The key a line item is grouped by in each split mode (domain.md step 10). */
export function groupKeyOf(
  line: IncludedLineItem['lineItem'],
  mode: ConfigData['splitUsageLineItems'],
): MappingKey | null {
  if (mode === 'ITEM_PER_PRODUCT') {
    const id = line.accountingProductId || line.productId;
    return id ? { m3terEntity: 'Product', m3terId: id } : null;
  }
  if (mode === 'ITEM_PER_AGGREGATION') {
    if (line.aggregationId) return { m3terEntity: 'Aggregation', m3terId: line.aggregationId };
    if (line.compoundAggregationId)
      return { m3terEntity: 'CompoundAggregation', m3terId: line.compoundAggregationId };
    return null;
  }
  return null;
}

/**
 * Step 10 and 11: groups the included lines into dimensions by the split mode, through the
 * dimension mappings, and turns each dimension's amount into a target quantity. Unmapped groups
 * are an error listing every missing id; nothing is silently dropped. Groups that map to the same
 * dimension are summed, and negative lines net against positive ones.
 */
export function splitIntoDimensions(
  included: readonly IncludedLineItem[],
  config: Pick<
    ConfigData,
    'splitUsageLineItems' | 'marketplaceBillDimension' | 'unitPrice' | 'quantityDecimalPlaces'
  >,
  index: MappingIndex,
  dimensionTarget: MappingTarget,
): SplitResult {
  const sums = new Map<string, { amount: Decimal; lineItemIds: string[] }>();
  const add = (dimension: string, item: IncludedLineItem): void => {
    const entry = sums.get(dimension);
    if (entry) {
      entry.amount = entry.amount.plus(item.amount);
      entry.lineItemIds.push(item.lineItem.id);
    } else {
      sums.set(dimension, { amount: new Money(item.amount), lineItemIds: [item.lineItem.id] });
    }
  };

  if (config.splitUsageLineItems === 'ITEM_PER_BILL') {
    const dimension = config.marketplaceBillDimension;
    if (!dimension)
      throw new Error('ITEM_PER_BILL needs marketplaceBillDimension (the config schema enforces it)');
    for (const item of included) add(dimension, item);
  } else {
    const missing = new Map<string, MappingKey>();
    const withoutKey: string[] = [];
    for (const item of included) {
      const key = groupKeyOf(item.lineItem, config.splitUsageLineItems);
      if (!key) {
        withoutKey.push(item.lineItem.id);
        continue;
      }
      const mapping = index.find(dimensionTarget, key);
      if (!mapping) missing.set(`${key.m3terEntity}:${key.m3terId}`, key);
      else add(mapping.externalId, item);
    }
    if (missing.size > 0 || withoutKey.length > 0) {
      const ids = [...missing.values()].map((k) => `${k.m3terEntity} ${k.m3terId}`);
      const parts: string[] = [];
      if (ids.length > 0) parts.push(`no ${dimensionTarget.externalTable} mapping for ${ids.join(', ')}`);
      if (withoutKey.length > 0) {
        const what = config.splitUsageLineItems === 'ITEM_PER_PRODUCT' ? 'product' : 'aggregation';
        parts.push(`line items without a ${what}: ${withoutKey.join(', ')}`);
      }
      return {
        ok: false,
        reason: 'MISSING_DIMENSION_MAPPING',
        message: parts.join('; '),
        missing: [...missing.values()],
        lineItemsWithoutKey: withoutKey,
      };
    }
  }

  const unitPrice = new Money(config.unitPrice);
  const usage: DimensionUsage[] = [];
  for (const [dimension, { amount, lineItemIds }] of sums) {
    usage.push({
      dimension,
      amount: toDecimalString(amount),
      target: toDecimalString(amountToQuantity(amount, unitPrice, config.quantityDecimalPlaces)),
      lineItemIds,
    });
  }
  return { ok: true, usage };
}
