// @hub/plugin-m3ter-source: m3ter as a source of bills. No import-time side effects.
// The hub's plugin loader takes the default export.

export { type BillEvent, billIdsOfEvent, isSafeId, readBillEvent } from './bill-events.js';
export {
  type ChangeLimits,
  type CursorState,
  changesAfter,
  DEFAULT_CHANGE_LIMITS,
  decodeCursor,
  type EventPage,
  type EventPageFetcher,
  encodeCursor,
  initialCursor,
} from './change-cursor.js';
export {
  BILL_EVENT_NAMES,
  type BillEventName,
  DEFAULT_API_URL,
  ORG_REQUESTS_PER_SECOND,
} from './constants.js';
export {
  M3TER_SECRET_FIELDS,
  type M3terCredential,
  type M3terSettings,
  ZM3terCredential,
  ZM3terSettings,
} from './credential.js';
export { type M3terEndpoints, resolveEndpoints } from './endpoints.js';
export { DEFAULT_RETRY_POLICY, M3terApi, type RetryPolicy } from './m3ter-api.js';
export { m3terSource, m3terSource as default } from './m3ter-source.js';
export {
  createM3terSourceClient,
  type M3terClientOptions,
  M3terSourceClient,
} from './m3ter-source-client.js';
export { toHubMapping } from './mappings.js';
export { type LimiterClock, organizationLimiter, RateLimiter } from './rate-limiter.js';
export { parseRetryAfter } from './retry-after.js';
export {
  API_KEY_HEADER,
  computeWebhookSignature,
  parseWebhookTimestamp,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookBillIds,
} from './webhook.js';
