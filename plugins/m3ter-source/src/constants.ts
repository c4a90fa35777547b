/** m3ter's public Config API (research/widening.md §3.1). */
export const DEFAULT_API_URL = 'https://api.m3ter.com';

/** The bill events m3ter raises (m3ter-model.md §6); there is no `billing.bill.approved`. */
export const BILL_EVENT_NAMES = [
  'billing.bill.created',
  'billing.bill.updated',
  'billing.bill.deleted',
] as const;
export type BillEventName = (typeof BILL_EVENT_NAMES)[number];

/** Largest `pageSize` the OpenAPI document allows for `/bills`, `/bills/{id}/lineitems` and `/events`. */
export const BILLS_PAGE_SIZE = 100;
export const LINE_ITEMS_PAGE_SIZE = 100;
export const EVENTS_PAGE_SIZE = 100;
/** `/externalmappings` allows up to 200. */
export const MAPPINGS_PAGE_SIZE = 200;

/** The m3ter Config API's per-organization limit (research/widening.md §3.4). */
export const ORG_REQUESTS_PER_SECOND = 50;

/** As the m3ter TypeScript SDK: 60 s per request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Token lifetime m3ter documents (18 000 s), used when an answer omits `expires_in`. */
export const DEFAULT_TOKEN_LIFETIME_MS = 18_000_000;
/** A cached token is renewed when less than this is left. */
export const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

/** How far a webhook's timestamp may be from the hub's clock (either way). */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** The bill schema's cap (core `ZBill`): 10 000 line items, 100 pages. A few pages more for safety. */
export const MAX_LINE_ITEM_PAGES = 110;
/** How often a bill that keeps changing while it is read is read again before giving up. */
export const MAX_BILL_READS = 3;
