import { Money, type UsageEvent } from '@hub/core';
import { formatAzureTime, parseAzureTime } from './azure-time.js';

/**
 * A quantity as the JSON number literal Azure receives, written from the decimal string itself so
 * that `12.345678` never passes through a binary float on its way out. Throws RangeError for text
 * that is not a decimal: that is a programming error upstream, not something to send.
 */
export function quantityLiteral(quantity: string): string {
  const text = quantity.trim();
  if (!/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(text)) {
    throw new RangeError(`quantity must be a decimal string, got ${JSON.stringify(quantity)}`);
  }
  // toFixed() drops an exponent and trailing noise (`1e3` → `1000`, `5.50` → `5.5`) without rounding.
  return new Money(text).toFixed();
}

/** The event's start as Azure wants it: ISO-8601 UTC with `Z`. */
export function effectiveStartTimeOf(event: UsageEvent): string {
  const at = parseAzureTime(event.effectiveStartTime);
  if (at === null) {
    throw new RangeError(
      `effectiveStartTime must be an ISO-8601 time, got ${JSON.stringify(event.effectiveStartTime)}`,
    );
  }
  return formatAzureTime(at);
}

/**
 * One usage event as JSON text, written by hand so the quantity is a JSON number whose digits are
 * exactly the decimal string's. Only SaaS fields: `resourceUri` is for managed apps and must never
 * be sent next to `resourceId`. `planId` is left out when the host has none.
 */
export function writeUsageEventJson(event: UsageEvent): string {
  const fields = [
    `"resourceId":${JSON.stringify(event.resourceId)}`,
    `"quantity":${quantityLiteral(event.quantity)}`,
    `"dimension":${JSON.stringify(event.dimension)}`,
    `"effectiveStartTime":${JSON.stringify(effectiveStartTimeOf(event))}`,
  ];
  if (event.planId) fields.push(`"planId":${JSON.stringify(event.planId)}`);
  return `{${fields.join(',')}}`;
}

/** The `batchUsageEvent` body: `{ "request": [ …events ] }`. */
export function writeBatchJson(events: readonly UsageEvent[]): string {
  return `{"request":[${events.map(writeUsageEventJson).join(',')}]}`;
}
