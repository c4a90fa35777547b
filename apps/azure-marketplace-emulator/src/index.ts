/**
 * @hub/azure-marketplace-emulator: a local stand-in for Microsoft's Azure Marketplace metering and
 * SaaS fulfillment APIs and the Entra token endpoint. Importing this module starts nothing.
 */
export { type BuildEmulatorAppOptions, buildEmulatorApp } from './app.js';
export {
  MARKETPLACE_API_VERSION,
  MARKETPLACE_RESOURCE_ID,
  MARKETPLACE_SCOPE,
  MAX_BATCH_SIZE,
  TOKEN_LIFETIME_SECONDS,
} from './constants.js';
export { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export {
  EmulatorController,
  type EmulatorControllerOptions,
  type EmulatorSeedDocument,
} from './emulator-controller.js';
export type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
export type { EmulatorRouteId } from './routes/route-ids.js';
export type {
  EmulatorState,
  EmulatorStats,
  FaultKind,
  IssuedToken,
  MarketplaceSubscription,
  PlanDimension,
  RecordedUsageEvent,
  SeededCredential,
  SubscriptionPlan,
  SubscriptionStatus,
  UsageEventStatus,
} from './state/emulator-state.js';
export { EmulatorInputError } from './state/seed-operations.js';
export type {
  CredentialInput,
  DimensionInput,
  PlanInput,
  SubscriptionInput,
  SubscriptionPatch,
} from './state/seed-schemas.js';
