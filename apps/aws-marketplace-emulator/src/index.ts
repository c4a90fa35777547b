/**
 * @hub/aws-marketplace-emulator: a local stand-in for the AWS Marketplace Metering Service
 * (BatchMeterUsage) and AWS STS (AssumeRole, GetCallerIdentity). Importing this module starts nothing.
 */
export { type BuildAwsEmulatorAppOptions, buildAwsEmulatorApp } from './app.js';
export {
  DEFAULT_RATE_LIMIT_PER_SECOND,
  FUTURE_TOLERANCE_MS,
  MAX_BATCH_SIZE,
  MAX_QUANTITY,
  MAX_REQUEST_BYTES,
  METERING_REGIONS,
  METERING_SIGNING_NAME,
  UNSUBSCRIBE_PENDING_GRACE_MS,
} from './constants.js';
export { type AwsEmulator, type AwsEmulatorOptions, startAwsEmulator } from './emulator.js';
export {
  AwsEmulatorController,
  type AwsEmulatorControllerOptions,
  type AwsEmulatorSeedDocument,
  type CustomerKey,
} from './emulator-controller.js';
export type { AwsFaultConfig, AwsFaultConfigInput } from './faults/fault-config.js';
export type {
  AwsEmulatorState,
  AwsEmulatorStats,
  CustomerStatus,
  FaultKind,
  IssuedSession,
  RecordedMeteringRecord,
  SeededAccessKey,
  SeededCustomer,
  SeededProduct,
  SeededRole,
  UsageAllocationRecord,
  UsageRecordStatus,
} from './state/emulator-state.js';
export { EmulatorInputError } from './state/seed-operations.js';
export type {
  AccessKeyInput,
  CustomerInput,
  CustomerPatch,
  ProductInput,
  RoleInput,
} from './state/seed-schemas.js';
