/** m3ter's bearer tokens last 18 000 s (5 h): OpenAPI `info.description`, TS SDK `authentication.ts`. */
export const TOKEN_LIFETIME_SECONDS = 18_000;

/** Config API limit per organization: 50 requests per second (m3ter "Config API Limits"). */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 50;

/** A bill with more line items than this is answered without `lineItems` (read them from `/lineitems`). */
export const DEFAULT_LINE_ITEMS_INLINE_LIMIT = 50;

/** `pageSize` bounds and default for the list routes (the brief's contract: 1–200, default 200). */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 200;
