/**
 * @hub/m3ter-emulator: a local stand-in for the m3ter billing platform's Config API (OAuth token,
 * bills, line items, accounts, events, external mappings), with outgoing webhooks, a rate limit and
 * fault injection. Importing this module starts nothing.
 */
export { type BuildM3terEmulatorAppOptions, buildM3terEmulatorApp } from './app.js';
export {
  DEFAULT_LINE_ITEMS_INLINE_LIMIT,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  MAX_MAPPING_PAGE_SIZE,
  MAX_PAGE_SIZE,
  TOKEN_LIFETIME_SECONDS,
} from './constants.js';
export { type M3terEmulator, type M3terEmulatorOptions, startM3terEmulator } from './emulator.js';
export {
  EmulatorController,
  type EmulatorControllerOptions,
  type M3terSeedDocument,
} from './emulator-controller.js';
export { BILL_EVENT_NAMES } from './events/event-log.js';
export type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
export type { EmulatorRouteId } from './routes/route-ids.js';
export type {
  Account,
  Address,
  Bill,
  BillingFrequency,
  BillStatus,
  EmulatorState,
  EmulatorStats,
  ExternalMapping,
  FaultKind,
  IssuedToken,
  LineItem,
  M3terEventRecord,
  M3terEventRecord as Event,
  Organization,
  ServiceUser,
  WebhookDelivery,
  WebhookSettings,
} from './state/emulator-state.js';
export { EmulatorInputError } from './state/seed-operations.js';
export type {
  AccountInput,
  AccountPatch,
  AddressInput,
  BillInput,
  ExternalMappingInput,
  LineItemInput,
  OrganizationInput,
  ServiceUserInput,
  WebhookInput,
} from './state/seed-schemas.js';
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from './webhooks/webhook-signature.js';
