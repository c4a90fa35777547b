/** m3ter's bearer tokens last 18 000 s (5 h): OpenAPI `info.description`, TS SDK `authentication.ts`. */
export const TOKEN_LIFETIME_SECONDS = 18_000;

/** Config API limit per organization: 50 requests per second (m3ter "Config API Limits"). */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 50;

/** A bill with more line items than this is answered without `lineItems` (read them from `/lineitems`). */
export const DEFAULT_LINE_ITEMS_INLINE_LIMIT = 50;

/**
 * `pageSize` bounds and default of the bill, line item and event lists: m3ter's OpenAPI document caps
 * them at 100 (a client asking for more is refused there, so it is here).
 */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 100;
/** External mappings page up to 200 (m3ter's OpenAPI document). */
export const MAX_MAPPING_PAGE_SIZE = 200;
