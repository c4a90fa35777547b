import { z } from 'zod';
import { ZDecimal } from '../money/decimal.js';
import { LINE_ITEM_TYPES } from './line-item-types.js';

const ZId = z.string().trim().min(1, 'must not be empty').max(200);
const ZOptionalText = z.string().max(2000).nullish();
/** Dates arrive as `YYYY-MM-DD` or ISO date-times; kept as given. */
const ZDateText = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO-8601 date or date-time',
  )
  .nullish();
const ZOptionalDecimal = ZDecimal.nullish();
const ZCurrency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3,4}$/, 'must be a currency code such as "USD"');

export const ZLineItemType = z.enum(LINE_ITEM_TYPES, {
  error: (issue) =>
    `unknown line item type ${JSON.stringify(issue.input)}; expected one of ${LINE_ITEM_TYPES.join(', ')}`,
});

/**
 * A bill line item (the billing platform's `BillLineItem`). Every documented field is accepted;
 * unknown extra fields are kept (loose) so nothing the sender sent is lost when stored.
 */
export const ZLineItem = z.looseObject({
  id: ZId,
  lineItemType: ZLineItemType,
  subtotal: ZDecimal,
  convertedSubtotal: ZOptionalDecimal,
  currency: ZCurrency.nullish(),
  conversionRate: ZOptionalDecimal,
  averageUnitPrice: ZOptionalDecimal,
  quantity: ZOptionalDecimal,
  units: ZOptionalDecimal,
  unit: ZOptionalText,
  description: ZOptionalText,
  productId: ZOptionalText,
  productCode: ZOptionalText,
  productName: ZOptionalText,
  accountingProductId: ZOptionalText,
  accountingProductCode: ZOptionalText,
  accountingProductName: ZOptionalText,
  aggregationId: ZOptionalText,
  compoundAggregationId: ZOptionalText,
  meterId: ZOptionalText,
  planId: ZOptionalText,
  planGroupId: ZOptionalText,
  pricingId: ZOptionalText,
  counterId: ZOptionalText,
  chargeId: ZOptionalText,
  commitmentId: ZOptionalText,
  balanceId: ZOptionalText,
  contractId: ZOptionalText,
  creditTypeId: ZOptionalText,
  childAccountId: ZOptionalText,
  childAccountCode: ZOptionalText,
  referencedBillId: ZOptionalText,
  referencedLineItemId: ZOptionalText,
  reasonId: ZOptionalText,
  servicePeriodStartDate: ZDateText,
  servicePeriodEndDate: ZDateText,
  sequenceNumber: z.number().int().nullish(),
  segment: z.record(z.string(), z.string()).nullish(),
  group: z.record(z.string(), z.string()).nullish(),
});
export type LineItem = z.output<typeof ZLineItem>;

export const ZCurrencyConversion = z.object({
  from: ZCurrency,
  to: ZCurrency,
  multiplier: ZDecimal,
});

export const BILL_STATUSES = ['PENDING', 'APPROVED'] as const;
export const BILLING_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'ANNUALLY', 'AD_HOC', 'MIXED'] as const;

/**
 * A bill as the billing platform sends it (`BillResponse`). `version` grows on every regeneration.
 * Amounts may be JSON numbers or decimal strings and come out as canonical decimal strings.
 */
export const ZBill = z.looseObject({
  id: ZId,
  version: z.number().int().min(0, 'must be 0 or greater'),
  accountId: ZId,
  accountCode: ZOptionalText,
  status: z.enum(BILL_STATUSES).default('PENDING'),
  billDate: ZDateText,
  dueDate: ZDateText,
  startDate: ZDateText,
  endDate: ZDateText,
  startDateTimeUTC: ZDateText,
  endDateTimeUTC: ZDateText,
  billingFrequency: z.enum(BILLING_FREQUENCIES).nullish(),
  billFrequencyInterval: z.number().int().nullish(),
  timezone: ZOptionalText,
  currency: ZCurrency,
  currencyConversions: z.array(ZCurrencyConversion).max(100).default([]),
  locked: z.boolean().nullish(),
  billJobId: ZOptionalText,
  createdDate: ZDateText,
  lastCalculatedDate: ZDateText,
  billTotal: ZOptionalDecimal,
  purchaseOrderNumber: ZOptionalText,
  externalInvoiceReference: ZOptionalText,
  externalInvoiceDate: ZDateText,
  sequentialInvoiceNumber: ZOptionalText,
  lineItems: z.array(ZLineItem).max(10_000).default([]),
});
export type Bill = z.output<typeof ZBill>;
export type BillInput = z.input<typeof ZBill>;
