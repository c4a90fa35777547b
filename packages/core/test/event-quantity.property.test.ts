import { Money, packByQuantity, splitQuantity } from '@hub/core';
import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** AWS's cap: an int32. */
const INT32_MAX = '2147483647';

/** Positive decimal strings: 1 to 40 integer digits (or none: 0.x), up to 12 fractional digits. */
const positiveDecimal = fc
  .tuple(
    fc.stringMatching(/^[0-9]{1,40}$/),
    fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
  )
  .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`))
  .filter((text) => new Money(text).gt(0));

/** A cap and a quantity of at most a few hundred caps (exact multiples included), as strings. */
const quantityAndCap = fc
  .tuple(
    fc.oneof(positiveDecimal, fc.constantFrom(INT32_MAX, '1', '0.5', '0.000001', '100')),
    fc.integer({ min: 0, max: 300 }),
    fc.oneof(
      fc.constant('0'),
      fc.stringMatching(/^0\.[0-9]{1,20}$/),
      fc.constantFrom('0.999999999999999999999999', '1'),
    ),
    fc.option(positiveDecimal, { nil: undefined }),
  )
  .map(([cap, whole, share, extra]) => {
    // whole caps, plus a share of one cap (possibly none, possibly a whole one), plus perhaps a small
    // unrelated amount: covers "fits", "exact multiple" and "remainder" alike.
    const quantity = new Money(cap)
      .times(whole)
      .plus(new Money(cap).times(share))
      .plus(extra !== undefined && whole > 0 ? new Money(extra).mod(new Money(cap)) : 0);
    return { cap, quantity: quantity.toFixed() };
  })
  .filter(({ quantity }) => new Money(quantity).gt(0));

const sum = (values: readonly Decimal[]) =>
  values.reduce<Decimal>((total, value) => total.plus(value), new Money(0));

describe('splitQuantity', () => {
  it('splits into parts that add up exactly, each above 0 and at most the cap, full parts first', () => {
    fc.assert(
      fc.property(quantityAndCap, ({ cap, quantity }) => {
        const total = new Money(quantity);
        const parts = splitQuantity(total, cap);
        expect(sum(parts).eq(total)).toBe(true);
        expect(sum(parts).toFixed()).toBe(total.toFixed());
        for (const part of parts) {
          expect(part.gt(0)).toBe(true);
          expect(part.lte(cap)).toBe(true);
        }
        // Full parts first, the remainder (if any) last, and no more parts than needed.
        for (const part of parts.slice(0, -1)) expect(part.eq(cap)).toBe(true);
        expect(parts.length).toBe(total.div(cap).ceil().toNumber());
      }),
      { numRuns: 200 },
    );
  });

  it('gives one part, the quantity itself, when it fits under the cap or there is no cap', () => {
    fc.assert(
      fc.property(positiveDecimal, positiveDecimal, (a, b) => {
        const quantity = new Money(a);
        expect(splitQuantity(quantity, undefined)).toEqual([quantity]);
        const [small, large] = quantity.lte(b) ? [quantity, b] : [new Money(b), a];
        const parts = splitQuantity(small, large);
        expect(parts).toHaveLength(1);
        expect(parts[0]!.eq(small)).toBe(true);
      }),
    );
  });

  it('keeps every digit of huge and fine-grained values', () => {
    const huge = new Money('123456789012345678901234567890123456789.123456789012');
    const parts = splitQuantity(huge, '50000000000000000000000000000000000000.000000000001');
    expect(parts.map((part) => part.toFixed())).toEqual([
      '50000000000000000000000000000000000000.000000000001',
      '50000000000000000000000000000000000000.000000000001',
      '23456789012345678901234567890123456789.12345678901',
    ]);
    expect(splitQuantity(new Money('5'), '2').map(String)).toEqual(['2', '2', '1']);
    expect(splitQuantity(new Money('4294967294'), INT32_MAX).map(String)).toEqual([INT32_MAX, INT32_MAX]);
    expect(splitQuantity(new Money('0.3'), '0.1').map(String)).toEqual(['0.1', '0.1', '0.1']);
  });

  it('refuses a cap that is not above 0, and a split into more than a million parts', () => {
    expect(() => splitQuantity(new Money(1), '0')).toThrow(RangeError);
    expect(() => splitQuantity(new Money(1), '-5')).toThrow(RangeError);
    expect(() => splitQuantity(new Money('1000000000000000'), '1')).toThrow(/more than a million/);
  });
});

/** Items that carry a quantity and their place in the input, so order can be checked. */
const items = fc.array(
  fc.oneof(positiveDecimal, fc.constantFrom('0', '1', INT32_MAX, '3000000000', '0.25')),
  { maxLength: 60 },
);
const capText = fc.oneof(positiveDecimal, fc.constantFrom(INT32_MAX, '1', '0.5', '10'));

describe('packByQuantity', () => {
  it('keeps order, concatenates back to the input, and keeps each bin at most the cap unless one item alone exceeds it', () => {
    fc.assert(
      fc.property(items, capText, (quantities, cap) => {
        const input = quantities.map((quantity, index) => ({ index, quantity }));
        const bins = packByQuantity(input, (item) => new Money(item.quantity), cap);
        // Concatenation is the input itself, in order, each item exactly once.
        expect(bins.flat()).toEqual(input);
        for (const bin of bins) {
          expect(bin.length).toBeGreaterThan(0);
          const total = sum(bin.map((item) => new Money(item.quantity)));
          if (total.gt(cap)) {
            // Only an item above the cap on its own may make a bin exceed it.
            expect(bin).toHaveLength(1);
            expect(new Money(bin[0]!.quantity).gt(cap)).toBe(true);
          }
        }
        // Greedy: a bin is closed only when the next item would not fit in it.
        for (let i = 0; i + 1 < bins.length; i += 1) {
          const total = sum(bins[i]!.map((item) => new Money(item.quantity)));
          expect(total.plus(bins[i + 1]![0]!.quantity).gt(cap)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives one bin without a cap, and none for no items', () => {
    fc.assert(
      fc.property(items, (quantities) => {
        const bins = packByQuantity(quantities, (quantity) => new Money(quantity), undefined);
        expect(bins).toEqual(quantities.length === 0 ? [] : [quantities]);
      }),
    );
    expect(packByQuantity([], () => new Money(1), '5')).toEqual([]);
  });

  it('packs the parts splitQuantity makes into bins of one part each when they are full', () => {
    fc.assert(
      fc.property(quantityAndCap, ({ cap, quantity }) => {
        const parts = splitQuantity(new Money(quantity), cap);
        const bins = packByQuantity(parts, (part) => part, cap);
        expect(bins.flat()).toEqual(parts);
        for (const bin of bins) expect(sum(bin).lte(cap)).toBe(true);
        // Every part but the last is a full cap, so no two parts share a bin.
        expect(bins).toHaveLength(parts.length);
      }),
      { numRuns: 100 },
    );
  });
});
