// @hub/plugin-aws-marketplace: the AWS Marketplace destination. No import-time side effects.
export { awsMarketplaceAdapter, awsMarketplaceAdapter as default } from './aws-marketplace-adapter.js';
export {
  type AwsClientOptions,
  AwsMarketplaceClient,
  type CallerIdentity,
  type CallLimiter,
  createAwsMarketplaceClient,
} from './aws-marketplace-client.js';
export {
  AUTH_ERROR_CODES,
  type CallAnswer,
  CredentialSourceError,
  classifyCallError,
  classifyResults,
  errorFacts,
  RECORD_ERROR_CODES,
  RETRYABLE_ERROR_CODES,
} from './classify-outcome.js';
export {
  AWS_CALLS_PER_SECOND,
  AWS_MAX_BATCH_SIZE,
  AWS_MAX_QUANTITY,
  CUSTOMER_IDENTIFIER_PREFIX,
  DEFAULT_REGION,
  LICENSE_ARN_PATTERN,
  ROLE_SESSION_NAME,
} from './constants.js';
export { AWS_SECRET_FIELDS, type AwsCredential, ZAwsCredential } from './credential.js';
export { type AwsKeys, CredentialSource } from './credentials.js';
export { type AwsEndpoints, awsEnvironment, resolveAwsEndpoints } from './environment.js';
export { REDACTED, redactHeaders, redactXml, scrubExchange } from './exchange.js';
export { ExchangeRecorder } from './exchange-recorder.js';
export { type AwsCustomerRef, awsEventPlanId, decodeCustomerRef, validateAwsMetadata } from './metadata.js';
export {
  awsCredentialCheck,
  awsCredentialHint,
  awsCustomersCheck,
  awsDimensionPricesCheck,
  awsDimensionsCheck,
  awsPrerequisites,
} from './prerequisites.js';
export { type RateLimiterOptions, SlidingWindowLimiter, sharedMeteringLimiter } from './rate-limiter.js';
export { normalizeAwsAccountId } from './resource-id.js';
export { type SettleOptions, settleCalls } from './settle-batch.js';
export {
  hourTimestamp,
  integerQuantity,
  type PreparedRecord,
  planCalls,
  prepareRecords,
  recordKey,
} from './usage-record.js';
export { isAwsDimensionKey, validateAwsConfig } from './validate-config.js';
export { AWS_ACCEPTANCE_WINDOW_MS, awsAcceptedFrom } from './window.js';
