/** The only api-version Microsoft's metering and fulfillment APIs accept (OpenAPI enum has one value). */
export const MARKETPLACE_API_VERSION = '2018-08-31';

/** Application id of the Marketplace SaaS API: the resource every publisher token must target. */
export const MARKETPLACE_RESOURCE_ID = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';

/** v2.0 scope for client credentials: the resource id with `/.default`, as MSAL builds it. */
export const MARKETPLACE_SCOPE = `${MARKETPLACE_RESOURCE_ID}/.default`;

/** Entra v2.0 answers client-credential requests with 3599 s (one hour minus one second of skew). */
export const TOKEN_LIFETIME_SECONDS = 3599;

/** Microsoft rejects a batch with more than 25 events as a whole (OpenAPI `maxItems: 25`). */
export const MAX_BATCH_SIZE = 25;

/** Usage may be reported up to 24 h after it happened (metering FAQ). */
export const USAGE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The list-subscriptions API pages by 100 (fulfillment v2 docs). */
export const SUBSCRIPTIONS_PAGE_SIZE = 100;
