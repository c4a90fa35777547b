import type { MappingIndex, MappingKey, MappingTarget } from '../mappings/resolve-mappings.js';
import type { ConfigData } from '../model/integration-config.js';
import { DecimalSum } from '../money/decimal-sum.js';
import { amountToQuantityText, scaledOf } from '../money/quantity.js';
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

interface Group {
  amount: DecimalSum;
  lineItemIds: string[];
}

function addTo(
  sums: Map<string, Group>,
  dimension: string,
  amount: DecimalSum | string,
  lineItemIds: string[],
): void {
  let entry = sums.get(dimension);
  if (!entry) {
    entry = { amount: new DecimalSum(), lineItemIds: [] };
    sums.set(dimension, entry);
  }
  if (typeof amount === 'string') entry.amount.add(amount);
  else entry.amount.addSum(amount);
  for (const id of lineItemIds) entry.lineItemIds.push(id);
}

function groupIdOf(
  line: IncludedLineItem['lineItem'],
  mode: ConfigData['splitUsageLineItems'],
): string | null {
  if (mode === 'ITEM_PER_PRODUCT') {
    const id = line.accountingProductId || line.productId;
    return id ? `P${id}` : null;
  }
  if (line.aggregationId) return `A${line.aggregationId}`;
  if (line.compoundAggregationId) return `C${line.compoundAggregationId}`;
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
  const sums = new Map<string, Group>();

  if (config.splitUsageLineItems === 'ITEM_PER_BILL') {
    const dimension = config.marketplaceBillDimension;
    if (!dimension)
      throw new Error('ITEM_PER_BILL needs marketplaceBillDimension (the config schema enforces it)');
    for (const item of included) addTo(sums, dimension, item.amount, [item.lineItem.id]);
  } else {
    // Group lines by product / aggregation first, then look each group up once: a bill has many
    // lines but few products, and this path runs for every bill.
    const groups = new Map<string, Group & { key: MappingKey }>();
    const withoutKey: string[] = [];
    for (const item of included) {
      const line = item.lineItem;
      // A string key per line (not an object) keeps this loop allocation-light.
      const id = groupIdOf(line, config.splitUsageLineItems);
      if (id === null) {
        withoutKey.push(line.id);
        continue;
      }
      const group = groups.get(id);
      if (group) {
        group.amount.add(item.amount);
        group.lineItemIds.push(line.id);
      } else {
        const key = groupKeyOf(line, config.splitUsageLineItems)!;
        groups.set(id, { key, amount: new DecimalSum().add(item.amount), lineItemIds: [line.id] });
      }
    }
    const missing: MappingKey[] = [];
    for (const group of groups.values()) {
      const mapping = index.find(dimensionTarget, group.key);
      if (!mapping) missing.push(group.key);
      else addTo(sums, mapping.externalId, group.amount, group.lineItemIds);
    }
    if (missing.length > 0 || withoutKey.length > 0) {
      const ids = missing.map((k) => `${k.m3terEntity} ${k.m3terId}`);
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
        missing,
        lineItemsWithoutKey: withoutKey,
      };
    }
  }

  // Exact to the end: the amount is the BigInt sum of the dimension's lines, the target that sum over
  // unitPrice rounded half-up once, at quantityDecimalPlaces (money/scaled.ts, divideRoundHalfUp).
  // Grouping first and rounding per dimension means lines and groups are never rounded on their own.
  const unitPrice = scaledOf(config.unitPrice);
  const usage: DimensionUsage[] = [];
  for (const [dimension, group] of sums) {
    usage.push({
      dimension,
      amount: group.amount.toString(),
      target: amountToQuantityText(group.amount, unitPrice, config.quantityDecimalPlaces),
      lineItemIds: group.lineItemIds,
    });
  }
  return { ok: true, usage };
}
