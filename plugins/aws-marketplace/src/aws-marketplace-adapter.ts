import { defineAdapter, HOUR_MS, splitIntoDimensions } from '@hub/core';
import { createAwsMarketplaceClient } from './aws-marketplace-client.js';
import { AWS_MAX_BATCH_SIZE, AWS_MAX_QUANTITY, CUSTOMER_IDENTIFIER_PREFIX } from './constants.js';
import { AWS_SECRET_FIELDS, type AwsCredential, ZAwsCredential } from './credential.js';
import { awsEnvironment } from './environment.js';
import { awsEventPlanId, validateAwsMetadata } from './metadata.js';
import { awsPrerequisites } from './prerequisites.js';
import { normalizeAwsAccountId } from './resource-id.js';
import { validateAwsConfig } from './validate-config.js';
import { AWS_ACCEPTANCE_WINDOW_MS, awsAcceptedFrom } from './window.js';

/**
 * AWS Marketplace as a hub destination: SaaS metering through `BatchMeterUsage`, signed with the
 * seller's role (assumed through STS with its ExternalId) or, in development, static keys. AWS's
 * rules: 25 records per call, whole quantities up to 2,147,483,647, one record per (customer,
 * dimension, UTC hour), the last 24 hours only and nothing of a month after 06:00 UTC on the 1st of
 * the next, 10 calls per second per account and region.
 */
export const awsMarketplaceAdapter = defineAdapter<AwsCredential>({
  id: 'AWS_MARKETPLACE',
  displayName: 'AWS Marketplace',
  externalSystem: 'AwsMarketplace',
  credential: { schema: ZAwsCredential, secretFields: [...AWS_SECRET_FIELDS] },
  mappings: {
    account: {
      externalTable: 'Customer',
      description:
        "account → the buyer's 12-digit AWS account id; metadata.licenseArn (or, for legacy products, metadata.customerIdentifier)",
      validateMetadata: validateAwsMetadata,
      eventPlanId: awsEventPlanId,
      metadataFields: [
        {
          name: 'licenseArn',
          label: 'License ARN',
          description:
            "The buyer's license ARN (arn:aws:license-manager::…:license:l-…), from the Agreements feed or ResolveCustomer. Required unless the product is a legacy one mapped by customer identifier.",
          required: false,
        },
        {
          name: 'customerIdentifier',
          label: 'Customer identifier',
          description:
            'Legacy products only, instead of the license ARN: the CustomerIdentifier that ResolveCustomer returned (the credential then needs the product code). Never both.',
          required: false,
        },
      ],
    },
    dimension: {
      externalTable: 'Dimension',
      description: 'product, aggregation or compound aggregation → the listing dimension key',
    },
  },
  limits: {
    maxBatchSize: AWS_MAX_BATCH_SIZE,
    acceptanceWindowMs: AWS_ACCEPTANCE_WINDOW_MS,
    acceptedFrom: awsAcceptedFrom,
    slotMarginMs: HOUR_MS,
    slotLengthMs: HOUR_MS,
    fractionalQuantities: false,
    maxQuantityDecimalPlaces: 0,
    maxEventQuantity: String(AWS_MAX_QUANTITY),
    // A call carries one request-level ProductCode (legacy records) or none (license records).
    batchKey: (event) =>
      event.planId?.startsWith(CUSTOMER_IDENTIFIER_PREFIX) ? 'customer-identifier' : 'license',
  },
  environment: awsEnvironment,
  prerequisites: awsPrerequisites,
  normalizeResourceId: normalizeAwsAccountId,
  validateConfig: validateAwsConfig,
  // Whole quantities come from quantityDecimalPlaces 0; core's split is the whole rule.
  planUsage: (input) =>
    splitIntoDimensions(input.included, input.config, input.mappings, input.dimensionTarget),
  createClient: (context) => createAwsMarketplaceClient(context),
});

export default awsMarketplaceAdapter;
