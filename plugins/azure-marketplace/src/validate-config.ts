import type { ConfigData, ConfigIssue } from '@hub/core';

/**
 * Partner Center dimension ids as they appear in Microsoft's samples and real traffic
 * (`datasourcecharge`, `dimension-included`, `dim1`). Microsoft documents no grammar for them
 * (UNCONFIRMED, see research/azure-api.md), so this is a conservative project rule: up to 50
 * letters, digits, `-`, `_` or `.`. It catches pasted display names ("Emails sent") and stray
 * whitespace at save time instead of as `InvalidDimension` on every bill.
 */
export const DIMENSION_ID_PATTERN = /^[A-Za-z0-9._-]{1,50}$/;

export function isAzureDimensionId(value: string): boolean {
  return DIMENSION_ID_PATTERN.test(value);
}

const DIMENSION_ID_HELP = 'must be a Partner Center dimension id: 1 to 50 letters, digits, "-", "_" or "."';

/** Azure-specific checks on an integration's `configData`, run when it is saved. */
export function validateAzureConfig(config: ConfigData): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const dimension = config.marketplaceBillDimension;
  if (dimension !== null && dimension !== undefined && !isAzureDimensionId(dimension)) {
    issues.push({ path: ['marketplaceBillDimension'], message: DIMENSION_ID_HELP });
  }
  return issues;
}
