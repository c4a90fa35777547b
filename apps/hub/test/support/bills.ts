let sequence = 0;

/** A bill id no other test uses. */
export const newBillId = (prefix = 'bill') => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

/** An m3ter-shaped bill (APPROVED, USD, account `acc-1` unless `extra` says otherwise). */
export const bill = (
  id: string,
  version: number,
  lineItems: unknown[],
  extra: Record<string, unknown> = {},
) => ({
  id,
  version,
  accountId: 'acc-1',
  accountCode: 'acme',
  status: 'APPROVED',
  currency: 'USD',
  billDate: '2026-11-01',
  startDate: '2026-10-01',
  endDate: '2026-11-01',
  lineItems,
  ...extra,
});

/** A line item (USAGE unless `extra.lineItemType` says otherwise). */
export const line = (id: string, subtotal: number | string, extra: Record<string, unknown> = {}) => ({
  id,
  lineItemType: 'USAGE',
  subtotal,
  ...extra,
});
