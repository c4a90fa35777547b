import { ZNumberText } from '@hub/core';
import { z } from 'zod';

/**
 * The shapes of Azure's answers, read leniently: every field optional and unknown fields kept,
 * because Microsoft adds fields (`resourceUri`) and leaves others out on failures. Responses are
 * parsed with core's lossless JSON parser, so a quantity arrives as a number-text token.
 */

/** A JSON number read losslessly (or a string, which some serialisers emit). */
const ZQuantity = z.union([ZNumberText, z.number(), z.string()]);

export const ZErrorDetail = z.looseObject({
  code: z.string().nullish(),
  target: z.string().nullish(),
  message: z.string().nullish(),
});

/** A usage event as Azure holds it (`UsageEventOkResponse`): a 200 body, a batch item, an acceptedMessage. */
export const ZUsageEventMessage = z.looseObject({
  usageEventId: z.string().nullish(),
  status: z.string().nullish(),
  messageTime: z.string().nullish(),
  resourceId: z.string().nullish(),
  resourceUri: z.string().nullish(),
  quantity: ZQuantity.nullish(),
  dimension: z.string().nullish(),
  effectiveStartTime: z.string().nullish(),
  planId: z.string().nullish(),
});
export type UsageEventMessage = z.output<typeof ZUsageEventMessage>;

/** Microsoft's error envelope: 400 bodies, 403/409 bodies, and a failed batch item's `error`. */
export const ZAzureError = z.looseObject({
  code: z.string().nullish(),
  target: z.string().nullish(),
  message: z.string().nullish(),
  details: z.array(ZErrorDetail).nullish(),
  additionalInfo: z.looseObject({ acceptedMessage: ZUsageEventMessage.nullish() }).nullish(),
});
export type AzureError = z.output<typeof ZAzureError>;

/** One entry of a batch response's `result`. */
export const ZBatchResultItem = ZUsageEventMessage.extend({ error: ZAzureError.nullish() });
export type BatchResultItem = z.output<typeof ZBatchResultItem>;

export const ZBatchResponse = z.looseObject({
  count: z.number().nullish(),
  result: z.array(ZBatchResultItem),
});

/** GET /saas/subscriptions/{id}: the fields metering needs. */
export const ZSubscription = z.looseObject({
  id: z.string().nullish(),
  planId: z.string().nullish(),
  saasSubscriptionStatus: z.string().nullish(),
  offerId: z.string().nullish(),
  term: z
    .looseObject({
      startDate: z.string().nullish(),
      endDate: z.string().nullish(),
      termUnit: z.string().nullish(),
    })
    .nullish(),
});
export type AzureSubscription = z.output<typeof ZSubscription>;

const ZDecimalText = z
  .union([ZNumberText, z.number(), z.string()])
  .transform((value) => (typeof value === 'object' ? value.value : String(value)));

export const ZMeteringDimension = z.looseObject({
  id: z.string(),
  currency: z.string().nullish(),
  pricePerUnit: ZDecimalText.nullish(),
  unitOfMeasure: z.string().nullish(),
  displayName: z.string().nullish(),
});

/** GET /saas/subscriptions/{id}/listAvailablePlans. */
export const ZAvailablePlans = z.looseObject({
  plans: z.array(
    z.looseObject({
      planId: z.string(),
      displayName: z.string().nullish(),
      isPrivate: z.boolean().nullish(),
      planComponents: z.looseObject({ meteringDimensions: z.array(ZMeteringDimension).nullish() }).nullish(),
    }),
  ),
});
export type AzureAvailablePlans = z.output<typeof ZAvailablePlans>;

/** GET /usageEvents: a JSON array of (daily) aggregates, for reconciliation. */
export const ZUsageEventsReport = z.array(
  z.looseObject({
    usageDate: z.string().nullish(),
    usageResourceId: z.string().nullish(),
    dimension: z.string().nullish(),
    planId: z.string().nullish(),
    offerId: z.string().nullish(),
    reconStatus: z.string().nullish(),
    submittedQuantity: ZDecimalText.nullish(),
    processedQuantity: ZDecimalText.nullish(),
    // A double in the OpenAPI: `17.0` arrives as number text from the lossless parser.
    submittedCount: z.union([z.number(), ZNumberText.transform((text) => Number(text.value))]).nullish(),
  }),
);
export type AzureUsageEventsReport = z.output<typeof ZUsageEventsReport>;

/** The event's quantity as decimal text, whichever way the JSON number reached us. */
export function quantityText(quantity: UsageEventMessage['quantity']): string | null {
  if (quantity === null || quantity === undefined) return null;
  if (typeof quantity === 'object') return quantity.value;
  return String(quantity);
}
