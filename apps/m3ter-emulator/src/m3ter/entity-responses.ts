/**
 * The wire shapes of m3ter's Config API responses (OpenAPI `BillResponse`, `BillLineItem`,
 * `BillLineItemResponse`, `AccountResponse`, `ExternalMappingResponse`). Field names come from the
 * OpenAPI document; amounts are written as exact JSON numbers. Unset optional fields are left out.
 */

import { type ExactNumber, exactNumber } from '@hub/emulator-kit';
import { addDecimals } from '../json/decimal-string.js';
import type { Account, Bill, ExternalMapping, LineItem } from '../state/emulator-state.js';

type Body = Record<string, unknown>;

function compact(body: Body): Body {
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

const num = (value: string | undefined): ExactNumber | undefined =>
  value === undefined ? undefined : exactNumber(value);

/** A line item as embedded in a bill (`BillLineItem`). */
export function lineItemBody(item: LineItem): Body {
  return compact({
    id: item.id,
    lineItemType: item.lineItemType,
    description: item.description,
    productId: item.productId,
    productName: item.productName,
    productCode: item.productCode,
    accountingProductId: item.accountingProductId,
    aggregationId: item.aggregationId,
    compoundAggregationId: item.compoundAggregationId,
    meterId: item.meterId,
    planId: item.planId,
    pricingId: item.pricingId,
    commitmentId: item.commitmentId,
    contractId: item.contractId,
    quantity: num(item.quantity),
    units: num(item.units),
    unit: item.unit,
    averageUnitPrice: num(item.averageUnitPrice),
    subtotal: exactNumber(item.subtotal),
    currency: item.currency,
    conversionRate: num(item.conversionRate),
    convertedSubtotal: num(item.convertedSubtotal),
    servicePeriodStartDate: item.servicePeriodStartDate,
    servicePeriodEndDate: item.servicePeriodEndDate,
    sequenceNumber: item.sequenceNumber,
  });
}

/** A line item from `GET /bills/{billId}/lineitems` (`BillLineItemResponse`: adds billId and audit fields). */
export function lineItemResponseBody(item: LineItem, bill: Bill): Body {
  return compact({
    ...lineItemBody(item),
    billId: bill.id,
    version: bill.version,
    dtCreated: bill.lastCalculatedDate,
    dtLastModified: bill.lastCalculatedDate,
    createdBy: bill.createdBy,
    lastModifiedBy: bill.lastModifiedBy,
  });
}

export function billTotal(bill: Bill): string {
  return addDecimals('0', ...bill.lineItems.map((item) => item.subtotal));
}

export interface BillBodyOptions {
  /** Include `lineItems` (when within the inline limit). */
  lineItems: boolean;
  billTotal: boolean;
}

/** `BillResponse`. */
export function billBody(bill: Bill, options: BillBodyOptions): Body {
  return compact({
    id: bill.id,
    version: bill.version,
    accountId: bill.accountId,
    accountCode: bill.accountCode,
    billDate: bill.billDate,
    dueDate: bill.dueDate,
    startDate: bill.startDate,
    endDate: bill.endDate,
    startDateTimeUTC: `${bill.startDate}T00:00:00Z`,
    endDateTimeUTC: `${bill.endDate}T00:00:00Z`,
    billingFrequency: bill.billingFrequency,
    billFrequencyInterval: bill.billFrequencyInterval,
    timezone: bill.timezone,
    currency: bill.currency,
    status: bill.status,
    locked: bill.locked,
    purchaseOrderNumber: bill.purchaseOrderNumber,
    billTotal: options.billTotal ? exactNumber(billTotal(bill)) : undefined,
    lastCalculatedDate: bill.lastCalculatedDate,
    createdDate: bill.dtCreated,
    dtCreated: bill.dtCreated,
    dtLastModified: bill.dtLastModified,
    createdBy: bill.createdBy,
    lastModifiedBy: bill.lastModifiedBy,
    dtApproved: bill.dtApproved,
    approvedBy: bill.dtApproved === undefined ? undefined : bill.lastModifiedBy,
    lineItems: options.lineItems ? bill.lineItems.map(lineItemBody) : undefined,
  });
}

/** The bill as an event's `newDto`/`oldDto`: the bill without line items or total (plain JSON). **(chosen)** */
export function billEventDto(bill: Bill): Body {
  return JSON.parse(JSON.stringify(billBody(bill, { lineItems: false, billTotal: false }))) as Body;
}

/** `AccountResponse`. */
export function accountBody(account: Account): Body {
  return compact({
    id: account.id,
    version: account.version,
    name: account.name,
    code: account.code,
    emailAddress: account.emailAddress,
    address: account.address === undefined ? undefined : { ...account.address },
    currency: account.currency,
    parentAccountId: account.parentAccountId,
    purchaseOrderNumber: account.purchaseOrderNumber,
    customFields: { ...account.customFields },
    dtCreated: account.dtCreated,
    dtLastModified: account.dtLastModified,
    createdBy: account.createdBy,
    lastModifiedBy: account.lastModifiedBy,
  });
}

/** `ExternalMappingResponse`. */
export function externalMappingBody(mapping: ExternalMapping): Body {
  return compact({
    id: mapping.id,
    version: mapping.version,
    m3terEntity: mapping.m3terEntity,
    m3terId: mapping.m3terId,
    externalSystem: mapping.externalSystem,
    externalTable: mapping.externalTable,
    externalId: mapping.externalId,
    integrationConfigId: mapping.integrationConfigId,
    dtCreated: mapping.dtCreated,
    dtLastModified: mapping.dtLastModified,
    createdBy: mapping.createdBy,
    lastModifiedBy: mapping.lastModifiedBy,
  });
}
