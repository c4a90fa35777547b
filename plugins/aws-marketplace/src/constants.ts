/** AWS's own limits and the plugin's defaults. Sources: ../shared/research/widening.md §1. */

/** `BatchMeterUsage` takes 0–25 `UsageRecords` (Smithy `UsageRecordList`, `max: 25`). */
export const AWS_MAX_BATCH_SIZE = 25;

/** `UsageQuantity` is an int32: 0…2,147,483,647. */
export const AWS_MAX_QUANTITY = 2_147_483_647;

/** The region used when neither the credential nor `AWS_REGION` names one. */
export const DEFAULT_REGION = 'us-east-1';

/** `RoleSessionName` of every AssumeRole call: what the seller sees in CloudTrail. */
export const ROLE_SESSION_NAME = 'integration-hub';

/** How long one HTTP call may take before it counts as a network failure (RETRYABLE). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** How long connecting may take. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/** AWS's documented `BatchMeterUsage` quota: 10 calls per second per account and region. */
export const AWS_CALLS_PER_SECOND = 10;

/**
 * `LicenseArn` as the metering service's Smithy model constrains it
 * (`com.amazonaws.marketplacemetering#LicenseArn`, aws-sdk-js-v3 codegen model). The generated
 * JavaScript client does not carry the pattern, so it is copied here.
 */
export const LICENSE_ARN_PATTERN =
  /^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$/;

/** `ProductCode` (Smithy model: 0–255 characters of this set; the credential needs at least one). */
export const PRODUCT_CODE_PATTERN = /^[-a-zA-Z0-9/=:_.@]{1,255}$/;

/** A buyer's AWS account id: exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/** An IAM role ARN, path allowed: `arn:aws:iam::123456789012:role/path/name`. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;

/** STS `ExternalId`: 2–1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/** STS `AccessKeyId`: 16–128 word characters. */
export const ACCESS_KEY_ID_PATTERN = /^\w{16,128}$/;

/** A region name such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-northwest-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;

/**
 * Prefix of `UsageEvent.planId` for a legacy (`CustomerIdentifier`) customer. A license ARN always
 * starts with `arn:`, so the two never collide.
 */
export const CUSTOMER_IDENTIFIER_PREFIX = 'customer-identifier:';
