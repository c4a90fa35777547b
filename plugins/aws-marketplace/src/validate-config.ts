import type { ConfigData, ConfigIssue } from '@hub/core';

/** A dimension key as the metering API takes it (`UsageDimension`: 1–255 characters). */
export function isAwsDimensionKey(value: string): boolean {
  return value.length >= 1 && value.length <= 255 && value.trim() === value;
}

/** AWS-specific checks on an integration's `configData`, run when it is saved. */
export function validateAwsConfig(config: ConfigData): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.quantityDecimalPlaces !== 0) {
    issues.push({
      path: ['quantityDecimalPlaces'],
      message: `must be 0: AWS Marketplace takes whole quantities only (an integer 0 to 2147483647); got ${config.quantityDecimalPlaces}`,
    });
  }
  const dimension = config.marketplaceBillDimension;
  if (dimension !== null && dimension !== undefined && !isAwsDimensionKey(dimension)) {
    issues.push({
      path: ['marketplaceBillDimension'],
      message: 'must be the listing dimension key: 1 to 255 characters, no surrounding whitespace',
    });
  }
  return issues;
}
