import { defineAdapter, HOUR_MS, splitIntoDimensions, urlVariable } from '@hub/core';
import { createAzureMarketplaceClient } from './azure-marketplace-client.js';
import { AZURE_MAX_BATCH_SIZE, DEFAULT_API_URL, DEFAULT_LOGIN_URL } from './constants.js';
import { AZURE_SECRET_FIELDS, type AzureCredential, ZAzureCredential } from './credential.js';
import { azurePlanIdOf } from './event-plan.js';
import { azurePrerequisites } from './prerequisites/azure-prerequisites.js';
import { normalizeAzureResourceId } from './resource-id.js';
import { validateAzureConfig } from './validate-config.js';

/**
 * Azure Marketplace as a hub destination: SaaS metered billing through the Marketplace metering
 * API, authenticated as the offer's Microsoft Entra app. Limits are Microsoft's: 25 events per
 * batch, one event per (subscription, dimension, UTC hour), the last 24 hours only, decimal
 * quantities (kept to 6 places, as research/azure-api.md §5.3 advises).
 */
export const azureMarketplaceAdapter = defineAdapter<AzureCredential>({
  id: 'AZURE_MARKETPLACE',
  displayName: 'Azure Marketplace',
  externalSystem: 'AzureMarketplace',
  credential: { schema: ZAzureCredential, secretFields: [...AZURE_SECRET_FIELDS] },
  mappings: {
    account: {
      externalTable: 'Subscription',
      description: 'account → Azure SaaS subscription id (the metering resourceId); metadata.planId optional',
      eventPlanId: azurePlanIdOf,
      metadataFields: [
        {
          name: 'planId',
          label: 'Plan ID',
          description:
            "Optional: the plan id of the SaaS subscription (as in the offer's plan listing), sent with its usage events. Leave empty and the hub asks the fulfillment API for the subscription's plan.",
          required: false,
        },
      ],
    },
    dimension: {
      externalTable: 'Dimension',
      description: 'product, aggregation or compound aggregation → Partner Center dimension id',
    },
  },
  limits: {
    maxBatchSize: AZURE_MAX_BATCH_SIZE,
    acceptanceWindowMs: 24 * HOUR_MS,
    slotLengthMs: HOUR_MS,
    fractionalQuantities: true,
    maxQuantityDecimalPlaces: 6,
    // 24 h back, less two hours for queueing and retries: 22 slots behind the current one.
    slotMarginMs: 2 * HOUR_MS,
  },
  environment: {
    variables: {
      AZURE_MARKETPLACE_API_URL: urlVariable(
        'apiUrl',
        DEFAULT_API_URL,
        'Base URL of the Marketplace metering and SaaS fulfillment APIs',
      ),
      AZURE_LOGIN_URL: urlVariable('loginUrl', DEFAULT_LOGIN_URL, 'Microsoft Entra authority host'),
    },
  },
  prerequisites: azurePrerequisites,
  // A SaaS subscription id is a GUID, compared without case: stored and sent lower-case.
  normalizeResourceId: normalizeAzureResourceId,
  validateConfig: validateAzureConfig,
  // Azure has no opinion on how a bill becomes dimensions; core's split (per bill, per accounting
  // product else product, per aggregation else compound aggregation) is the whole rule.
  planUsage: (input) =>
    splitIntoDimensions(input.included, input.config, input.mappings, input.dimensionTarget),
  createClient: (context) => createAzureMarketplaceClient(context),
});

export default azureMarketplaceAdapter;
