import type { Decimal } from 'decimal.js';
import { Money } from './decimal.js';

/**
 * A destination may cap one event's quantity (`limits.maxEventQuantity`; AWS: an int32). These two
 * rules keep such a destination whole: what is owed is never refused for being large, it is sent as
 * several events, each in its own slot, and their sum is exactly what was owed.
 */

/**
 * `quantity` as parts of at most `max` each, in order: full parts first, the remainder last; the
 * parts add up to `quantity` exactly. One part when there is no cap or it fits.
 *
 * @example splitQuantity(new Money(5), '2') // [2, 2, 1]
 */
export function splitQuantity(quantity: Decimal, max: string | undefined): Decimal[] {
  if (max === undefined) return [quantity];
  const cap = new Money(max);
  if (!cap.gt(0)) throw new RangeError(`maxEventQuantity must be above 0, got ${max}`);
  if (quantity.lte(cap)) return [quantity];
  const whole = quantity.div(cap).floor();
  const parts: Decimal[] = [];
  // A cap forces at most quantity / cap parts: for AWS's int32 and a target below 10^364, this is
  // bounded only by money no bill carries; refuse a count that would not fit in memory.
  if (whole.gt(1_000_000)) throw new RangeError(`${quantity.toFixed()} needs more than a million events`);
  for (let i = 0; i < whole.toNumber(); i += 1) parts.push(cap);
  const rest = quantity.minus(cap.times(whole));
  if (rest.gt(0)) parts.push(rest);
  return parts;
}

/**
 * Groups `items` into consecutive bins whose quantities add up to at most `max` each (one bin when
 * there is no cap), keeping their order. An item above `max` on its own gets a bin of its own
 * (`splitQuantity` prevents that upstream).
 */
export function packByQuantity<T>(
  items: readonly T[],
  quantityOf: (item: T) => Decimal,
  max: string | undefined,
): T[][] {
  if (items.length === 0) return [];
  if (max === undefined) return [[...items]];
  const cap = new Money(max);
  const bins: T[][] = [];
  let bin: T[] = [];
  let sum = new Money(0);
  for (const item of items) {
    const quantity = quantityOf(item);
    if (bin.length > 0 && sum.plus(quantity).gt(cap)) {
      bins.push(bin);
      bin = [];
      sum = new Money(0);
    }
    bin.push(item);
    sum = sum.plus(quantity);
  }
  bins.push(bin);
  return bins;
}
