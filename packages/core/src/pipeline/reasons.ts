/** Why a run was skipped: data, so the host can store it and the operator can read it. */
export const SKIP_REASONS = [
  'ACCOUNT_NOT_ALLOWED',
  'ACCOUNT_FILTER',
  'NOT_APPROVED',
  'STALE_VERSION',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Why a run ended in ERROR before anything was owed. */
export const PLAN_ERROR_REASONS = [
  'UNKNOWN_ACCOUNT',
  'CURRENCY_MISMATCH',
  'MISSING_ACCOUNT_MAPPING',
  'MISSING_DIMENSION_MAPPING',
] as const;
export type PlanErrorReason = (typeof PLAN_ERROR_REASONS)[number];

/** Why a line item was dropped before splitting. */
export const EXCLUSION_REASONS = [
  'EXCLUDED_LINE_ITEM_TYPE',
  'EXCLUDED_PRODUCT',
  'EXCLUDED_AGGREGATION',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface ExcludedLineItem {
  id: string;
  reason: ExclusionReason;
}
