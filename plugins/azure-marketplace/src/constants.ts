/** The only api-version the metering and SaaS fulfillment APIs accept (OpenAPI enum has one value). */
export const AZURE_API_VERSION = '2018-08-31';

/** Application id of the Marketplace SaaS API: every publisher token must be issued for it. */
export const MARKETPLACE_RESOURCE_APP_ID = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';

/** The v2.0 client-credentials scope for that resource. */
export const MARKETPLACE_SCOPE = `${MARKETPLACE_RESOURCE_APP_ID}/.default`;

export const DEFAULT_API_URL = 'https://marketplaceapi.microsoft.com/api';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

/** Microsoft refuses a batch of more than 25 events as a whole (OpenAPI `maxItems: 25`). */
export const AZURE_MAX_BATCH_SIZE = 25;

/** Loose GUID shape: Microsoft's own sample ids (`…-cade-…`) are not RFC 4122 variants. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How long after an unclear attempt the usage read-back is trusted to show it **(chosen)**. How far
 * `GET /usageEvents` lags behind the metering API is not documented (its `Submitted` recon status
 * suggests rows appear on submission, before Partner Center processes them); an hour is a guess that
 * errs towards asking again rather than calling a recorded event missing.
 */
export const AZURE_READ_BACK_SETTLE_MS = 60 * 60 * 1000;
