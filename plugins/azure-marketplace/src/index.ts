// @hub/plugin-azure-marketplace: the Azure Marketplace destination. No import-time side effects.
// The hub's plugin loader takes the default export.
export { azureMarketplaceAdapter, azureMarketplaceAdapter as default } from './azure-marketplace-adapter.js';
export {
  type AzureClientOptions,
  type AzureClientTimeouts,
  AzureMarketplaceClient,
  createAzureMarketplaceClient,
  DEFAULT_TIMEOUTS,
  type LookupResult,
} from './azure-marketplace-client.js';
export type {
  AzureAvailablePlans,
  AzureSubscription,
  AzureUsageEventsReport,
  BatchResultItem,
  UsageEventMessage,
} from './azure-responses.js';
export { formatAzureTime, parseAzureTime } from './azure-time.js';
export {
  type AzureAnswer,
  classifyBatchAnswer,
  classifyBatchItem,
  classifyUsageEventAnswer,
  isOurEvent,
  type TokenFailure,
} from './classify-outcome.js';
export {
  AZURE_API_VERSION,
  AZURE_READ_BACK_SETTLE_MS,
  DEFAULT_API_URL,
  DEFAULT_LOGIN_URL,
  MARKETPLACE_RESOURCE_APP_ID,
  MARKETPLACE_SCOPE,
} from './constants.js';
export { type AzureCredential, ZAzureCredential } from './credential.js';
export { type AzureEndpoints, resolveEndpoints } from './endpoints.js';
export { azurePlanIdOf } from './event-plan.js';
export { type MeteringCall, MeteringClient, type UsageEventsQuery } from './metering-client.js';
export { azurePrerequisites } from './prerequisites/azure-prerequisites.js';
export {
  type AvailablePlan,
  azureTokenHint,
  dimensionPricesCheck,
  planDimensionsCheck,
  type SubscriptionPlan,
} from './prerequisites/plan-checks.js';
export { checkReadBackQuery, decideReadBack, type ReadBackDecision } from './read-back.js';
export { normalizeAzureResourceId } from './resource-id.js';
export { parseRetryAfter } from './retry-after.js';
export { isAzureDimensionId, validateAzureConfig } from './validate-config.js';
