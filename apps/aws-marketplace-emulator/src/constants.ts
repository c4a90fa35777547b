/** Fixed facts of the two AWS APIs this emulator speaks (sources in README.md). */

/** SigV4 signing name of the Marketplace Metering Service (not its endpoint prefix). */
export const METERING_SIGNING_NAME = 'aws-marketplace';
export const STS_SIGNING_NAME = 'sts';
/** `X-Amz-Target` prefix of the metering API (awsJson1_1). */
export const METERING_TARGET_PREFIX = 'AWSMPMeteringService.';
export const STS_API_VERSION = '2011-06-15';
export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const MAX_BATCH_SIZE = 25;
/** Requests must be under 1 MB. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_QUANTITY = 2_147_483_647;
export const MAX_USAGE_ALLOCATIONS = 2500;
export const MAX_TAGS = 5;
/** (chosen) How far in the future a Timestamp may lie; AWS documents no limit. */
export const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
/** Hours after the month's end (UTC, day 1 of the next month) until which its usage is accepted. */
export const MONTH_END_GRACE_HOURS = 6;
/** UNSUBSCRIBE_PENDING customers can still be metered this long after the change of status. */
export const UNSUBSCRIBE_PENDING_GRACE_MS = 60 * 60 * 1000;
export const DEFAULT_RATE_LIMIT_PER_SECOND = 10;
export const DEFAULT_SESSION_SECONDS = 3600;
export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43_200;

/** Commercial regions where BatchMeterUsage is offered (AWS metering-regions page). */
export const METERING_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
];
