/** The billing platform's 19 line item types, in its API's order (research/m3ter-model.md §2). */
export const LINE_ITEM_TYPES = [
  'STANDING_CHARGE',
  'USAGE',
  'COUNTER_RUNNING_TOTAL_CHARGE',
  'COUNTER_ADJUSTMENT_DEBIT',
  'COUNTER_ADJUSTMENT_CREDIT',
  'USAGE_CREDIT',
  'MINIMUM_SPEND',
  'MINIMUM_SPEND_REFUND',
  'CREDIT_DEDUCTION',
  'MANUAL_ADJUSTMENT',
  'CREDIT_MEMO',
  'DEBIT_MEMO',
  'COMMITMENT_CONSUMED',
  'COMMITMENT_FEE',
  'OVERAGE_SURCHARGE',
  'OVERAGE_USAGE',
  'BALANCE_CONSUMED',
  'BALANCE_FEE',
  'AD_HOC',
] as const;

export type LineItemType = (typeof LINE_ITEM_TYPES)[number];
