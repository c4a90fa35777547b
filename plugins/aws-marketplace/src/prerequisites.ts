import {
  type CheckResult,
  credentialCheck,
  fail,
  nameSome,
  type PrerequisiteChecks,
  type PrerequisiteInput,
  pass,
  skip,
} from '@hub/core';
import { AwsMarketplaceClient } from './aws-marketplace-client.js';
import { PRODUCT_CODE_PATTERN } from './constants.js';
import { awsEventPlanId, decodeCustomerRef, validateAwsMetadata } from './metadata.js';
import { normalizeAwsAccountId } from './resource-id.js';
import { isAwsDimensionKey } from './validate-config.js';

/** Advice for STS's (and the metering service's) refusal codes. */
export function awsCredentialHint(code: string): string | null {
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      return "check the role's trust policy: it must let the hub's AWS identity call sts:AssumeRole, with the condition sts:ExternalId equal to the credential's externalId";
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return 'AWS does not know the access key id (mistyped, deleted or deactivated)';
    case 'SignatureDoesNotMatch':
    case 'InvalidSignatureException':
      return 'the secret access key does not belong to the access key id';
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return "the hub's own AWS session has expired; renew the identity the hub runs as";
    case 'CredentialsProviderError':
      return 'give the credential accessKeyId and secretAccessKey, or run the hub with an AWS identity (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance or task role)';
    default:
      return null;
  }
}

const METERING_NOT_PROBED =
  'whether it may call aws-marketplace:BatchMeterUsage cannot be checked without sending usage (a BatchMeterUsage with no records is not a valid probe); the first submission will tell';

/** The `credential` check: STS GetCallerIdentity with the keys metering would use. */
export async function awsCredentialCheck(input: PrerequisiteInput): Promise<CheckResult> {
  const roleArn = input.credential.fields['roleArn'];
  const role = typeof roleArn === 'string' && roleArn !== '';
  const check = await credentialCheck(input, {
    issuer: 'AWS STS',
    accepted: role
      ? `let the hub assume its role ${roleArn} (GetCallerIdentity answered with the role's session)`
      : 'accepted its access keys (GetCallerIdentity)',
    refused: role ? 'refused the role session of' : 'refused the access keys of',
    hint: awsCredentialHint,
  });
  if (!check.ok) return check;
  let identity = null;
  try {
    const client = await input.client();
    if (client instanceof AwsMarketplaceClient) identity = client.callerIdentity;
  } catch {
    // The identity is a detail; the check already passed.
  }
  return {
    ...check,
    message: `${check.message}; ${METERING_NOT_PROBED}`,
    details: {
      ...check.details,
      ...(identity ? { callerIdentity: identity } : {}),
      meteringAuthorisation: 'not checked',
    },
  };
}

/** The `customers` check: every mapped customer's account id and license ARN well formed. */
export function awsCustomersCheck(input: PrerequisiteInput): CheckResult {
  const name = 'customers';
  if (input.accounts.length === 0) return skip(name, 'no Account mapping to check (see accountMappings)');
  const productCode = input.credential.fields['productCode'];
  const hasProductCode = typeof productCode === 'string' && PRODUCT_CODE_PATTERN.test(productCode);
  const problems: string[] = [];
  const customers = input.accounts.map((mapping) => {
    const issues: string[] = [];
    const id = normalizeAwsAccountId(mapping.resourceId);
    if (!id.ok) issues.push(id.message);
    for (const issue of validateAwsMetadata(mapping.metadata)) {
      issues.push(`metadata.${issue.path.join('.')} ${issue.message}`);
    }
    const ref = decodeCustomerRef(awsEventPlanId(mapping.metadata));
    if (ref?.kind === 'legacy' && !hasProductCode) {
      issues.push(
        `metadata.customerIdentifier makes this a legacy customer, which needs the credential productCode; credential ${input.credential.id} has none`,
      );
    }
    if (issues.length > 0)
      problems.push(`account ${mapping.account} (AWS account ${mapping.resourceId}): ${issues.join('; ')}`);
    return {
      account: mapping.account,
      mappingId: mapping.mappingId,
      linked: mapping.linked,
      customerAwsAccountId: mapping.resourceId,
      style: ref?.kind ?? null,
      ...(ref?.kind === 'license' ? { licenseArn: ref.licenseArn } : {}),
      ...(ref?.kind === 'legacy' ? { customerIdentifier: ref.customerIdentifier } : {}),
      ok: issues.length === 0,
      ...(issues.length > 0 ? { problems: issues } : {}),
    };
  });
  const unverifiable =
    'AWS offers no API to confirm a SaaS subscription (entitlements cover contracts only), so a buyer who is not subscribed shows only when usage is sent (CustomerNotSubscribed)';
  const details = { customers, subscriptionConfirmed: false };
  if (problems.length > 0) {
    return fail(
      name,
      `${problems.length} of ${customers.length} Account mappings cannot take usage: ${problems.slice(0, 5).join('; ')}` +
        `${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
      details,
    );
  }
  return pass(
    name,
    `${customers.length === 1 ? 'the customer is' : `all ${customers.length} customers are`} well formed (AWS account id and ${
      customers.some((customer) => customer.style === 'legacy')
        ? 'license ARN or legacy customerIdentifier'
        : 'license ARN'
    }); ${unverifiable}`,
    details,
  );
}

/** The `dimensions` check: dimension keys present and valid, and whole quantities. */
export function awsDimensionsCheck(input: PrerequisiteInput): CheckResult {
  const name = 'dimensions';
  const places = input.config.quantityDecimalPlaces;
  const wholeProblem =
    places === 0
      ? null
      : `quantityDecimalPlaces is ${places}; AWS takes whole quantities only, so it must be 0`;
  if (input.dimensions.length === 0) {
    return wholeProblem
      ? fail(name, wholeProblem, { quantityDecimalPlaces: places })
      : skip(name, 'no dimension to check (see the Dimension mappings and marketplaceBillDimension)', {
          quantityDecimalPlaces: places,
        });
  }
  const bad = input.dimensions.filter((target) => !isAwsDimensionKey(target.dimension));
  const problems = [
    ...(wholeProblem ? [wholeProblem] : []),
    ...bad.map(
      (target) =>
        `dimension ${JSON.stringify(target.dimension)} (from ${target.sources.join(', ')}) is not a listing dimension key: 1 to 255 characters, no surrounding whitespace`,
    ),
  ];
  const details = {
    quantityDecimalPlaces: places,
    dimensions: input.dimensions.map((target) => ({
      dimension: target.dimension,
      sources: target.sources,
      ok: isAwsDimensionKey(target.dimension),
    })),
  };
  if (problems.length > 0) return fail(name, problems.join('; '), details);
  const keys = input.dimensions.map((target) => target.dimension);
  return pass(
    name,
    `dimension key${keys.length === 1 ? '' : 's'} ${nameSome(keys)} well formed and quantities whole (quantityDecimalPlaces 0); AWS offers no API to list a listing's dimensions, so a key the listing lacks shows when usage is sent (InvalidUsageDimensionException)`,
    details,
  );
}

/** The `dimensionPrices` check: AWS cannot tell; says what the operator must do instead. */
export function awsDimensionPricesCheck(input: PrerequisiteInput): CheckResult {
  return skip(
    'dimensionPrices',
    `AWS has no API to read a dimension's price, so it is not checked: price every dimension of the listing at the integration's unitPrice (${input.config.unitPrice} ${input.config.currency} per unit; see docs/aws-setup.md)`,
    { unitPrice: input.config.unitPrice, currency: input.config.currency },
  );
}

/** The destination's part of `POST /v1/integrations/{id}/check` for AWS. */
export const awsPrerequisites: PrerequisiteChecks = {
  names: ['credential', 'customers', 'dimensions', 'dimensionPrices'],
  run: async (input) => [
    await awsCredentialCheck(input),
    awsCustomersCheck(input),
    awsDimensionsCheck(input),
    awsDimensionPricesCheck(input),
  ],
};
