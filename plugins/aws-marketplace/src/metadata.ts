import type { ConfigIssue } from '@hub/core';
import { CUSTOMER_IDENTIFIER_PREFIX, LICENSE_ARN_PATTERN } from './constants.js';

/**
 * What identifies a customer's usage to AWS besides the account id, from the account mapping's
 * metadata: the license ARN (new-style products), or the legacy `CustomerIdentifier` (sent with the
 * credential's `productCode`). The two styles never mix in one record.
 */
export type AwsCustomerRef =
  | { kind: 'license'; licenseArn: string }
  | { kind: 'legacy'; customerIdentifier: string };

const LICENSE_EXAMPLE = 'arn:aws:license-manager::123456789012:license:l-0123456789abcdef0123456789abcdef';

/** Account mapping metadata rules, checked when a mapping is saved (issue paths inside `metadata`). */
export function validateAwsMetadata(metadata: Readonly<Record<string, unknown>> | null): ConfigIssue[] {
  const licenseArn = metadata?.['licenseArn'];
  const customerIdentifier = metadata?.['customerIdentifier'];
  const hasLicense = licenseArn !== undefined && licenseArn !== null;
  const hasLegacy = customerIdentifier !== undefined && customerIdentifier !== null;
  if (hasLicense && hasLegacy) {
    return [
      {
        path: ['customerIdentifier'],
        message:
          'give licenseArn or customerIdentifier, not both: AWS refuses a record naming both (customerIdentifier is for legacy products only)',
      },
    ];
  }
  if (hasLegacy) {
    if (
      typeof customerIdentifier !== 'string' ||
      customerIdentifier.length < 1 ||
      customerIdentifier.length > 255
    ) {
      return [
        {
          path: ['customerIdentifier'],
          message:
            'must be the CustomerIdentifier that ResolveCustomer returned: text of 1 to 255 characters',
        },
      ];
    }
    if (customerIdentifier.trim() !== customerIdentifier) {
      return [{ path: ['customerIdentifier'], message: 'starts or ends with whitespace' }];
    }
    return [];
  }
  if (!hasLicense) {
    return [
      {
        path: ['licenseArn'],
        message: `is required: the buyer's license ARN from the Agreements feed or ResolveCustomer (like ${LICENSE_EXAMPLE}); legacy products give customerIdentifier instead`,
      },
    ];
  }
  if (typeof licenseArn !== 'string')
    return [{ path: ['licenseArn'], message: 'must be text (a license ARN)' }];
  if (licenseArn.trim() !== licenseArn)
    return [{ path: ['licenseArn'], message: 'starts or ends with whitespace' }];
  if (!LICENSE_ARN_PATTERN.test(licenseArn)) {
    return [
      {
        path: ['licenseArn'],
        message: `is not a well-formed ARN (AWS's LicenseArn pattern); expected something like ${LICENSE_EXAMPLE}`,
      },
    ];
  }
  return [];
}

/**
 * `UsageEvent.planId` for an account mapping: the license ARN, or for a legacy customer
 * `customer-identifier:<id>`. The host treats it as opaque (usage with different values never shares
 * an event) and hands it back on every event; `decodeCustomerRef` reads it.
 */
export function awsEventPlanId(metadata: Readonly<Record<string, unknown>> | null): string | null {
  const licenseArn = metadata?.['licenseArn'];
  if (typeof licenseArn === 'string' && licenseArn !== '') return licenseArn;
  const customerIdentifier = metadata?.['customerIdentifier'];
  if (typeof customerIdentifier === 'string' && customerIdentifier !== '') {
    return `${CUSTOMER_IDENTIFIER_PREFIX}${customerIdentifier}`;
  }
  return null;
}

/** The customer reference an event's `planId` carries, or `null` when it carries none. */
export function decodeCustomerRef(planId: string | null | undefined): AwsCustomerRef | null {
  if (!planId) return null;
  if (planId.startsWith(CUSTOMER_IDENTIFIER_PREFIX)) {
    const customerIdentifier = planId.slice(CUSTOMER_IDENTIFIER_PREFIX.length);
    return customerIdentifier ? { kind: 'legacy', customerIdentifier } : null;
  }
  return { kind: 'license', licenseArn: planId };
}
