import type { LineItem } from '../model/bill.js';
import type { ConfigData } from '../model/integration-config.js';
import { type AmountSource, lineAmount } from './amounts.js';
import type { ExcludedLineItem } from './reasons.js';

export interface IncludedLineItem {
  lineItem: LineItem;
  /** Decimal string in the integration's currency (see `chooseAmountSource`). */
  amount: string;
}

export interface LineItemSelection {
  included: IncludedLineItem[];
  excluded: ExcludedLineItem[];
}

/**
 * Step 8: drops line items by type, product and aggregation, and says why for each one so the
 * run detail and the preview can list every dropped line.
 */
export function selectLineItems(
  lineItems: readonly LineItem[],
  config: Pick<ConfigData, 'excludedLineItemTypes' | 'excludedProductIds' | 'excludedAggregationIds'>,
  source: Extract<AmountSource, { ok: true }>,
): LineItemSelection {
  // Sets, because a bill of thousands of lines against long exclusion lists must stay linear.
  const types = new Set<string>(config.excludedLineItemTypes);
  const products = new Set(config.excludedProductIds);
  const aggregations = new Set(config.excludedAggregationIds);
  const included: IncludedLineItem[] = [];
  const excluded: ExcludedLineItem[] = [];
  for (const lineItem of lineItems) {
    if (types.has(lineItem.lineItemType)) {
      excluded.push({ id: lineItem.id, reason: 'EXCLUDED_LINE_ITEM_TYPE' });
    } else if (
      products.size > 0 &&
      ((lineItem.productId != null && products.has(lineItem.productId)) ||
        (lineItem.accountingProductId != null && products.has(lineItem.accountingProductId)))
    ) {
      excluded.push({ id: lineItem.id, reason: 'EXCLUDED_PRODUCT' });
    } else if (
      aggregations.size > 0 &&
      ((lineItem.aggregationId != null && aggregations.has(lineItem.aggregationId)) ||
        (lineItem.compoundAggregationId != null && aggregations.has(lineItem.compoundAggregationId)))
    ) {
      excluded.push({ id: lineItem.id, reason: 'EXCLUDED_AGGREGATION' });
    } else {
      included.push({ lineItem, amount: lineAmount(lineItem, source) });
    }
  }
  return { included, excluded };
}
